import type { Appointment, Branch } from '../../agencies/schemas';
import { mytIso, mytTime } from '../clock';
import type { Handlers } from '../contract';
import { conflict, notFound, unprocessable } from '../errors';
import { JIM_OFFICES, JPJ_BRANCHES } from '../seed';
import { nextWorkingDays } from '../rules/dates';
import type { AppointmentRecord } from '../state';
import type { SandboxDeps } from './deps';

type AppointmentOperations =
  | 'jpjAppointmentBranches' | 'jpjAppointmentSlots' | 'jpjBookAppointment' | 'jpjCancelAppointment'
  | 'jimAppointmentBranches' | 'jimAppointmentSlots' | 'jimBookAppointment' | 'jimCancelAppointment';

/** Counter hours of the simulated branches: 08:30 to 15:30, every 30 minutes, two officers a slot. */
const SLOT_MINUTES = Array.from({ length: 15 }, (_, i) => 8 * 60 + 30 + i * 30);
const PER_SLOT = 2;
const DEFAULT_DAYS = 5;
const BOOKABLE_DAYS = 10;

export function appointmentHandlers(deps: SandboxDeps): Pick<Handlers, AppointmentOperations> {
  const { state, clock } = deps;

  const branchesOf = (agency: 'JPJ' | 'JIM'): readonly Branch[] => (agency === 'JPJ' ? JPJ_BRANCHES : JIM_OFFICES);
  const findBranch = (agency: 'JPJ' | 'JIM', id: string): Branch => {
    const branch = branchesOf(agency).find((b) => b.id === id);
    if (!branch) throw notFound('BRANCH_NOT_FOUND', 'No such branch.');
    return branch;
  };
  const booked = (branchId: string, startMs: number) =>
    [...state.appointments.values()].filter((a) => a.branchId === branchId && a.startMs === startMs && a.status === 'BOOKED').length;
  const slotTimes = (days: number): number[] =>
    nextWorkingDays(clock.today(), days).flatMap((day) => SLOT_MINUTES.map((m) => mytTime(day, Math.floor(m / 60), m % 60)));

  const dto = (a: AppointmentRecord): Appointment => ({
    appointmentId: a.appointmentId,
    reference: a.reference,
    agency: a.agency,
    branch: { ...findBranch(a.agency, a.branchId) },
    start: mytIso(a.startMs),
    purpose: a.purpose,
    status: a.status,
  });

  const forAgency = (agency: 'JPJ' | 'JIM') => ({
    branches: () => ({ body: { branches: branchesOf(agency).map((b) => ({ ...b })) } }),
    slots: ({ query }: { query: { branchId: string; days?: number } }) => {
      const branch = findBranch(agency, query.branchId);
      const slots = slotTimes(query.days ?? DEFAULT_DAYS)
        .map((startMs) => ({ start: mytIso(startMs), free: PER_SLOT - booked(branch.id, startMs) }))
        .filter((s) => s.free > 0);
      return { body: { branch: { ...branch }, slots } };
    },
    book: ({ ic, body }: { ic: string; body: { branchId: string; start: string; purpose: string } }) => {
      const branch = findBranch(agency, body.branchId);
      const startMs = Date.parse(body.start);
      if (!slotTimes(BOOKABLE_DAYS).includes(startMs)) {
        throw unprocessable('SLOT_NOT_OFFERED', 'That time is not an appointment slot of this branch in the coming working days.');
      }
      if (booked(branch.id, startMs) >= PER_SLOT) throw conflict('SLOT_FULL', 'That slot has just been taken. Choose another time.');
      const record: AppointmentRecord = {
        appointmentId: state.randomId('apt'),
        reference: state.nextReference(`APT-${agency}`),
        agency,
        ic,
        branchId: branch.id,
        startMs,
        purpose: body.purpose,
        status: 'BOOKED',
      };
      state.appointments.set(record.appointmentId, record);
      state.record('appointment.book', ic, record.reference, 0, 'COMPLETED', {
        appointmentId: record.appointmentId, agency, branchId: branch.id, start: mytIso(startMs), purpose: body.purpose,
      });
      return { status: 201, body: dto(record) };
    },
    cancel: ({ ic, params }: { ic: string; params: { appointmentId: string } }) => {
      const record = state.appointments.get(params.appointmentId);
      if (!record || record.ic !== ic || record.agency !== agency) throw notFound('APPOINTMENT_NOT_FOUND', 'No such appointment for this MyKad.');
      if (record.status === 'CANCELLED') throw conflict('APPOINTMENT_ALREADY_CANCELLED', 'This appointment is already cancelled.');
      record.status = 'CANCELLED';
      state.record('appointment.cancel', ic, record.reference, 0, 'COMPLETED', { appointmentId: record.appointmentId, agency, branchId: record.branchId });
      return { body: dto(record) };
    },
  });

  const jpj = forAgency('JPJ');
  const jim = forAgency('JIM');
  return {
    jpjAppointmentBranches: jpj.branches,
    jpjAppointmentSlots: jpj.slots,
    jpjBookAppointment: jpj.book,
    jpjCancelAppointment: jpj.cancel,
    jimAppointmentBranches: jim.branches,
    jimAppointmentSlots: jim.slots,
    jimBookAppointment: jim.book,
    jimCancelAppointment: jim.cancel,
  };
}
