import type { ServiceDefinition, ServiceId } from '../src/flows/types';
import { service as roadTaxRenewal } from './jpj.roadtax.renew';
import { service as licenceRenewal } from './jpj.licence.renew';
import { service as summonsCheck } from './jpj.summons.check';
import { service as demeritCheck } from './jpj.demerit.check';
import { service as passportRenewal } from './jim.passport.renew';
import { service as passportStatus } from './jim.passport.status';
import { service as travelCheck } from './jim.travel.check';
import { service as appointmentBooking } from './appointment.book';

/** Every service Khidmat offers. Adding one = a new file in dialogs/ and a line here, nothing else. */
export const services: readonly ServiceDefinition[] = [
  roadTaxRenewal,
  licenceRenewal,
  summonsCheck,
  demeritCheck,
  passportRenewal,
  passportStatus,
  travelCheck,
  appointmentBooking,
];

export function findService(id: string): ServiceDefinition | undefined {
  return services.find((service) => service.id === (id as ServiceId));
}
