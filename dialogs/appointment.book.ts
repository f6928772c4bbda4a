import type { AgencyClients } from '../src/agencies';
import type { FlowContext, FlowDefinition } from '../src/flows/definition';
import { formatDateTime } from '../src/flows/format';
import { choiceSlot, mykadSlot } from '../src/flows/slots';
import type { ServiceDefinition } from '../src/flows/types';

const appointmentsOf = (ctx: FlowContext) => {
  const agencies = ctx.agencies as AgencyClients;
  return ctx.values.agency === 'JIM' ? agencies.jim.appointments : agencies.jpj.appointments;
};

const flow: FlowDefinition<AgencyClients> = {
  identity: true,
  slots: [
    mykadSlot(),
    {
      name: 'agency',
      afterIdentity: true,
      question: () => ({ ms: 'Temujanji dengan agensi mana?', en: 'An appointment with which agency?' }),
      choices: async () => [
        { label: { ms: 'JPJ (pengangkutan jalan)', en: 'JPJ (road transport)' }, value: 'JPJ' },
        { label: { ms: 'Imigresen (JIM)', en: 'Immigration (JIM)' }, value: 'JIM' },
      ],
      read: ({ text }) => (/\bjpj\b/i.test(text) ? { value: 'JPJ' } : /\b(jim|imigresen|immigration)\b/i.test(text) ? { value: 'JIM' } : undefined),
    },
    choiceSlot('branchId', { ms: 'Cawangan mana yang paling sesuai?', en: 'Which branch suits you best?' }, async (ctx) =>
      (await appointmentsOf(ctx).branches()).map((branch) => ({ label: { ms: `${branch.name}, ${branch.state}`, en: `${branch.name}, ${branch.state}` }, value: branch.id })),
    ),
    choiceSlot('start', { ms: 'Pilih masa temujanji:', en: 'Pick a time:' }, async (ctx) => {
      const { slots } = await appointmentsOf(ctx).slots(String(ctx.values.branchId), 5);
      return slots
        .filter((slot) => slot.free > 0)
        .slice(0, 8)
        .map((slot) => ({ label: { ms: formatDateTime(slot.start), en: formatDateTime(slot.start) }, value: slot.start }));
    }),
  ],
  async evaluate(ctx) {
    const { identity, values } = ctx;
    const purpose = String(values.purpose && typeof values.purpose === 'object' ? (values.purpose as { en: string }).en : values.purpose ?? 'appointment.book').slice(0, 64);
    const start = String(values.start);
    const appointment = await appointmentsOf(ctx).book(
      identity!.token,
      { ic: identity!.ic, branchId: String(values.branchId), start, purpose },
      // The same booking asked twice (a retry) is one booking.
      `book-${identity!.ic}-${String(values.branchId)}-${start}`,
    );
    return {
      kind: 'done',
      text: {
        ms: 'Temujanji anda telah ditempah. Bawa MyKad dan dokumen berkaitan. Tiba 10 minit lebih awal.',
        en: 'Your appointment is booked. Bring your MyKad and the related documents. Arrive 10 minutes early.',
      },
      receipt: {
        reference: appointment.reference,
        amount: '0.00',
        lines: [
          { label: { ms: 'Agensi', en: 'Agency' }, value: appointment.agency },
          { label: { ms: 'Cawangan', en: 'Branch' }, value: `${appointment.branch.name}, ${appointment.branch.address}` },
          { label: { ms: 'Masa', en: 'Time' }, value: formatDateTime(appointment.start) },
        ],
      },
    };
  },
};

/** Counter appointment at a JPJ or JIM branch, for cases that cannot be done online. */
export const service: ServiceDefinition = {
  id: 'appointment.book',
  agency: 'KHIDMAT',
  title: { ms: 'Tempahan janji temu kaunter', en: 'Counter appointment booking' },
  flow,
  training: {
    ms: [
      'Saya ingin membuat temujanji di kaunter',
      'nak buat appointment',
      'nk book appointment jpj',
      'tempah janji temu imigresen',
      'buat temujanji pejabat imigresen',
      'sy nak pergi kaunter jpj, boleh book slot?',
      'book slot kat jpj',
      'nak tempah slot kaunter',
      'temujanji untuk pasport anak',
      'nak appointment utk pasport pertama',
      'buat janji temu jpj wangsa maju',
      'booking kaunter imigresen putrajaya',
      'tempah masa di kaunter jpj',
      'nak jumpa pegawai jpj, buat temujanji',
      'sy nak book appointment esok',
      'temujanji 15/12 di pejabat jpj',
      'tolong buatkan appointment kat imigresen',
      'boleh tempah slot kaunter minggu depan?',
      'nak buat temu janji untuk tukar lesen P',
      'appointment kaunter utk pasport hilang',
      'book temujanji',
      'tempah tarikh ke pejabat imigresen',
      'nk buat appt jpj',
      'jadualkan temujanji di cawangan jpj',
      'tempah giliran kaunter',
      'nak batalkan dan tempah semula temujanji',
      'janji temu untuk pemeriksaan kenderaan',
      'sy kena pergi kaunter, tolong book',
    ],
    en: [
      'I want to book a counter appointment',
      'book appointment',
      'book an appointment at JPJ',
      'make an appointment at the immigration office',
      'schedule an appointment',
      'book a slot at the JPJ counter',
      'I need an appointment for my child\'s passport',
      'appointment for first passport application',
      'book counter slot tomorrow',
      'can I book an appointment at JPJ Wangsa Maju',
      'reserve a time at the immigration counter',
      'set up an appointment',
      'book appt',
      'I need to go to the counter, book me a slot',
      'appointment at JIM Putrajaya next week',
      'make a booking at JPJ branch',
      'book appointment 15/12/2026',
      'get an appointment for a lost passport',
      'book an appointment to convert my P licence',
      'schedule a visit to the immigration office',
      'appoinment booking',
      'i want a slot at the counter',
      'booking for counter service',
      'can you book me in at the immigration office',
      'arrange an appointment at a branch',
      'book a counter visit for vehicle inspection',
      'reschedule my appointment',
    ],
  },
};
