import type { PassportApplication } from '../../agencies/schemas';
import { mytTime } from '../clock';
import type { Handlers } from '../contract';
import { notFound, unprocessable } from '../errors';
import { JIM_OFFICES } from '../seed';
import { isWorkingDay, nextWorkingDays } from '../rules/dates';
import { ringgit } from '../rules/money';
import { assessPassportRenewal } from '../rules/passport';
import { AGENCY_NAMES, whatToDo } from '../rules/travel';
import type { PassportApplicationRecord } from '../state';
import type { SandboxDeps } from './deps';
import { recordingFailure } from './jpj';

type JimOperations = 'jimGetPassport' | 'jimPassportEligibility' | 'jimCollectionOffices' | 'jimRenewPassport' | 'jimListApplications' | 'jimApplicationStatus' | 'jimTravelRestrictions';

const PROCESSING_AFTER_MS = 10 * 60 * 1000;
const ISSUE_MS = 60 * 60 * 1000;
const CUT_OFF_MINUTE = 15 * 60;

export function jimHandlers(deps: SandboxDeps): Pick<Handlers, JimOperations> {
  const { state, clock } = deps;

  /**
   * Applied before 3 pm on a working day → ready about an hour later; otherwise ready at 10 am on the
   * next working day (facts B3/B4). Status then follows the sandbox clock.
   */
  const readyAt = (submittedMs: number): number => {
    const today = clock.today();
    if (isWorkingDay(today) && clock.minuteOfDay(submittedMs) < CUT_OFF_MINUTE) return submittedMs + ISSUE_MS;
    return mytTime(nextWorkingDays(today, 1)[0]!, 10, 0);
  };

  const applicationDto = (a: PassportApplicationRecord): PassportApplication => {
    const now = clock.nowMs();
    const office = JIM_OFFICES.find((o) => o.id === a.collectionOfficeId)!;
    return {
      applicationId: a.applicationId,
      transactionId: a.transactionId,
      status: now >= a.readyAtMs ? 'READY_FOR_COLLECTION' : now >= a.processingFromMs ? 'PROCESSING' : 'SUBMITTED',
      category: a.category as PassportApplication['category'],
      amount: ringgit(a.amountSen),
      collectionOffice: { ...office },
      submittedAt: clock.iso(a.submittedAtMs),
      readyAt: clock.iso(a.readyAtMs),
    };
  };

  const assess = (ic: string, concession?: 'STUDENT_ABROAD' | 'HAJJ' | 'OKU') => {
    const citizen = state.requireCitizen(ic);
    return {
      citizen,
      assessment: assessPassportRenewal({
        birthDate: citizen.birthDate,
        passport: citizen.passport,
        claimed: concession,
        restrictedBy: citizen.travelRestrictions,
        today: clock.today(),
      }),
    };
  };

  return {
    jimGetPassport: ({ ic }) => ({ body: { passport: state.requireCitizen(ic).passport } }),

    jimPassportEligibility: ({ ic, query }) => {
      const { citizen, assessment } = assess(ic, query.concession);
      return {
        body: {
          eligible: assessment.reasons.length === 0,
          reasons: assessment.reasons,
          age: assessment.age,
          category: assessment.category,
          fee: ringgit(assessment.feeSen),
          guardianRequired: assessment.guardianRequired,
          passport: citizen.passport,
        },
      };
    },

    jimCollectionOffices: () => ({ body: { branches: JIM_OFFICES.map((o) => ({ ...o })) } }),

    jimRenewPassport: ({ ic, body }) => {
      const details = { collectionOfficeId: body.collectionOfficeId };
      return recordingFailure(state, 'jim.passport.renew', ic, body.paymentId, details, () => {
        const office = JIM_OFFICES.find((o) => o.id === body.collectionOfficeId);
        if (!office) throw notFound('OFFICE_NOT_FOUND', 'No such collection office.');
        const { citizen, assessment } = assess(ic, body.concession);
        if (assessment.reasons.length > 0) throw unprocessable('NOT_ELIGIBLE', 'This passport cannot be renewed online.', { reasons: assessment.reasons });
        const payment = state.checkPayment(body.paymentId, assessment.feeSen);
        const submittedAtMs = clock.nowMs();
        const applicationId = state.nextReference('PMA');
        const transaction = state.complete('jim.passport.renew', ic, applicationId, assessment.feeSen, payment, {
          ...details,
          applicationId,
          passportNumber: citizen.passport?.number ?? null,
          category: assessment.category,
        });
        const record: PassportApplicationRecord = {
          applicationId,
          transactionId: transaction.id,
          ic,
          category: assessment.category,
          amountSen: assessment.feeSen,
          collectionOfficeId: office.id,
          submittedAtMs,
          processingFromMs: submittedAtMs + PROCESSING_AFTER_MS,
          readyAtMs: readyAt(submittedAtMs),
        };
        state.applications.set(applicationId, record);
        return { body: applicationDto(record) };
      });
    },

    jimListApplications: ({ ic }) => ({
      body: {
        applications: [...state.applications.values()].filter((a) => a.ic === ic).sort((a, b) => b.submittedAtMs - a.submittedAtMs).map(applicationDto),
      },
    }),

    jimApplicationStatus: ({ ic, params }) => {
      const application = state.applications.get(params.applicationId);
      if (!application || application.ic !== ic) throw notFound('APPLICATION_NOT_FOUND', 'No such passport application for this MyKad.');
      return { body: applicationDto(application) };
    },

    jimTravelRestrictions: ({ ic }) => {
      const citizen = state.requireCitizen(ic);
      const restrictions = citizen.travelRestrictions.map((agency) => ({ agency, agencyName: AGENCY_NAMES[agency], whatToDo: whatToDo(agency) }));
      return { body: { restricted: restrictions.length > 0, restrictions } };
    },
  };
}
