import type { AgencyClients } from '../src/agencies';
import type { FlowDefinition } from '../src/flows/definition';
import { formatDateTime, joinBilingual } from '../src/flows/format';
import { mykadSlot } from '../src/flows/slots';
import type { ServiceDefinition } from '../src/flows/types';

const STATUS = {
  SUBMITTED: { ms: 'Diterima — menunggu diproses', en: 'Received — waiting to be processed' },
  PROCESSING: { ms: 'Sedang diproses', en: 'Being processed' },
  READY_FOR_COLLECTION: { ms: 'Sedia untuk diambil', en: 'Ready for collection' },
} as const;

const flow: FlowDefinition<AgencyClients> = {
  identity: true,
  slots: [mykadSlot()],
  async evaluate({ agencies, identity }) {
    const applications = await agencies.jim.listApplications(identity!.token, identity!.ic);
    if (!applications.length) {
      return {
        kind: 'answer',
        text: {
          ms: 'Tiada permohonan pasport dalam talian atas MyKad ini. Mahu perbaharui pasport? Taip "renew pasport".',
          en: 'There is no online passport application under this MyKad. Want to renew your passport? Type "renew passport".',
        },
      };
    }
    const latest = applications[0];
    const ready = latest.status === 'READY_FOR_COLLECTION';
    return {
      kind: 'answer',
      text: joinBilingual([
        { ms: `Permohonan ${latest.applicationId}: ${STATUS[latest.status].ms}.`, en: `Application ${latest.applicationId}: ${STATUS[latest.status].en}.` },
        { ms: `Pejabat pengambilan: ${latest.collectionOffice.name}.`, en: `Collection office: ${latest.collectionOffice.name}.` },
        ready
          ? { ms: 'Bawa resit, MyKad dan pasport lama semasa mengambil pasport baharu.', en: 'Bring the receipt, your MyKad and the old passport when you collect the new one.' }
          : { ms: `Dijangka sedia: ${formatDateTime(latest.readyAt)}.`, en: `Expected to be ready: ${formatDateTime(latest.readyAt)}.` },
      ]),
    };
  },
};

/** Passport application status (submitted → processing → ready for collection). */
export const service: ServiceDefinition = {
  id: 'jim.passport.status',
  agency: 'JIM',
  title: { ms: 'Status permohonan pasport', en: 'Passport application status' },
  flow,
  training: {
    ms: [
      'Saya ingin menyemak status permohonan pasport saya',
      'semak status pasport',
      'status passport sy',
      'nak check status pasport',
      'pasport sy dah siap ke',
      'pasport dah boleh ambil ke belum',
      'bila pasport sy siap',
      'nk tau status permohonan pasport',
      'check status renew passport',
      'pasport yg sy apply online dah ready?',
      'status permohonan pasport ic 850412105566',
      'dah boleh collect pasport ke',
      'pasport sy masih diproses ke',
      'semak permohonan pasport',
      'tolong check pasport sy dah siap blum',
      'status pembaharuan pasport',
      'bila boleh ambil pasport baru',
      'pasport sy ada kat pejabat imigresen dah ke',
      'sy dah mohon pasport, apa status',
      'track permohonan pasport',
      'status pspot',
      'pasport baru sy dh siap x',
      'semak status pasport A12345678',
      'berapa lama lagi pasport sy siap',
      'nak tahu pasport dah diluluskan ke',
      'status pasport anak sy',
      'permohonan pasport saya sampai mana dah',
    ],
    en: [
      'I want to check my passport application status',
      'passport status',
      'check passport status',
      'is my passport ready',
      'is my passport ready for collection',
      'when can I collect my passport',
      'track my passport application',
      'status of my passport renewal',
      'has my passport been processed',
      'check my passport application, IC 850412-10-5566',
      'where is my passport application',
      'passport application status A12345678',
      'is my new passport ready yet',
      'can I pick up my passport now',
      'check status of passport',
      'how long until my passport is ready',
      'status passport',
      'passport ready or not',
      'my passport application, what is the status',
      'has my passport renewal been approved',
      'check if passport is ready to collect',
      'pasport status check',
      'i applied for my passport online, is it done',
      'follow up on my passport application',
      'check my childs passport status',
      'passport still processing?',
      'update on my passport',
    ],
  },
};
