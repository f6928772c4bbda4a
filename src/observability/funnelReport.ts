import { SERVICE_IDS, type ServiceId } from '../flows/types';
import type { Bilingual } from '../i18n/lang';
import { FUNNEL_STAGES, type Funnel, type FunnelStage } from './funnel';

type StageCounts = Record<FunnelStage, number> & { e2eShare: number | null };

export interface FunnelReport {
  generatedAt: string;
  totals: StageCounts;
  services: Array<StageCounts & { service: ServiceId; title: Bilingual }>;
  byDay: Array<{ day: string; service: string; started: number; completed: number; e2eShare: number | null }>;
  languages: { ms: number; en: number };
  refusalReasons: Array<{ service: string; stage: string; reason: string; count: number }>;
}

const empty = (): StageCounts => ({ ...(Object.fromEntries(FUNNEL_STAGES.map((stage) => [stage, 0])) as Record<FunnelStage, number>), e2eShare: null });
const share = (completed: number, started: number) => (started > 0 ? Math.round((completed / started) * 1000) / 1000 : null);

/**
 * The E2E funnel as operators read it: per service, started → … → completed online, or sent to a
 * counter, or abandoned. E2E share = completed online / started — the number the programme is
 * judged on.
 */
export async function funnelReport(funnel: Funnel, titleOf: (service: ServiceId) => Bilingual): Promise<FunnelReport> {
  const rows = await funnel.totals();
  const totals = empty();
  const perService = new Map<ServiceId, StageCounts>(SERVICE_IDS.map((id) => [id, empty()]));
  const perDay = new Map<string, { day: string; service: string; started: number; completed: number }>();
  const languages = { ms: 0, en: 0 };
  for (const row of rows) {
    const stage = row.stage as FunnelStage;
    if (!FUNNEL_STAGES.includes(stage)) continue;
    totals[stage] += row.count;
    const service = perService.get(row.service as ServiceId);
    if (service) service[stage] += row.count;
    if (stage === 'started' && (row.lang === 'ms' || row.lang === 'en')) languages[row.lang] += row.count;
    if (stage === 'started' || stage === 'completed') {
      const key = `${row.day}|${row.service}`;
      const day = perDay.get(key) ?? { day: row.day, service: row.service, started: 0, completed: 0 };
      day[stage] += row.count;
      perDay.set(key, day);
    }
  }
  totals.e2eShare = share(totals.completed, totals.started);
  for (const counts of perService.values()) counts.e2eShare = share(counts.completed, counts.started);
  return {
    generatedAt: new Date().toISOString(),
    totals,
    services: [...perService.entries()].map(([service, counts]) => ({ service, title: titleOf(service), ...counts })),
    byDay: [...perDay.values()].sort((a, b) => a.day.localeCompare(b.day)).map((day) => ({ ...day, e2eShare: share(day.completed, day.started) })),
    languages,
    refusalReasons: await funnel.reasons(),
  };
}
