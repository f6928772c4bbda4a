import { randomBytes } from 'node:crypto';
import type { LedgerTransaction } from '../agencies/schemas';
import type { SandboxClock } from './clock';
import { conflict, notFound, unprocessable } from './errors';
import { normaliseMyKad, plateKey, type CitizenRecord, type SummonsEntry, type VehicleRecord } from './records';
import { ringgit, type Sen } from './rules/money';
import { summonsDue } from './rules/summons';
import { seedDemoData } from './seed';

export interface PaymentRecord {
  paymentId: string;
  status: 'PENDING' | 'PAID' | 'CANCELLED';
  amountSen: Sen;
  reference: string;
  description: string;
  callbackUrl: string;
  returnUrl: string | null;
  payUrl: string;
  createdAtMs: number;
  paidAtMs: number | null;
  bank: string | null;
  usedBy: string | null;
  callback: { attempts: number; deliveredAtMs: number | null; lastStatus: number | null };
}

export interface PassportApplicationRecord {
  applicationId: string;
  transactionId: string;
  ic: string;
  category: string;
  amountSen: Sen;
  collectionOfficeId: string;
  submittedAtMs: number;
  processingFromMs: number;
  readyAtMs: number;
}

export interface AppointmentRecord {
  appointmentId: string;
  reference: string;
  agency: 'JPJ' | 'JIM';
  ic: string;
  branchId: string;
  startMs: number;
  purpose: string;
  status: 'BOOKED' | 'CANCELLED';
}

export interface OtpRecord {
  requestId: string;
  ic: string;
  code: string | null;
  expiresAtMs: number;
  used: boolean;
}

export interface SmsMessage {
  to: string;
  text: string;
  at: string;
}

type LedgerService = LedgerTransaction['service'];

/**
 * Everything the simulated agencies remember, in memory. `reset()` reseeds the demo citizens relative
 * to the clock's today and forgets every payment, transaction, OTP and appointment.
 */
export class SandboxState {
  citizens = new Map<string, CitizenRecord>();
  vehicles = new Map<string, VehicleRecord>();
  summonses = new Map<string, SummonsEntry>();
  payments = new Map<string, PaymentRecord>();
  transactions: LedgerTransaction[] = [];
  applications = new Map<string, PassportApplicationRecord>();
  appointments = new Map<string, AppointmentRecord>();
  otps = new Map<string, OtpRecord>();
  otpFailures = new Map<string, { count: number; lockedUntilMs: number }>();
  sms: SmsMessage[] = [];
  private sequence = 0;
  private transactionSequence = 0;

  constructor(readonly clock: SandboxClock) {
    this.reset();
  }

  reset(): void {
    const seed = seedDemoData(this.clock.today());
    this.citizens = new Map(seed.citizens.map((c) => [c.ic, c]));
    this.vehicles = new Map(seed.vehicles.map((v) => [plateKey(v.plate), v]));
    this.summonses = new Map(seed.summonses.map((s) => [s.id, s]));
    this.payments.clear();
    this.transactions = [];
    this.applications.clear();
    this.appointments.clear();
    this.otps.clear();
    this.otpFailures.clear();
    this.sms = [];
    this.sequence = 0;
    this.transactionSequence = 0;
  }

  /** Readable, increasing references for receipts ("LKM-20261129-0001"). */
  nextReference(prefix: string): string {
    this.sequence += 1;
    return `${prefix}-${this.clock.today().replace(/-/g, '')}-${String(this.sequence).padStart(4, '0')}`;
  }

  /** Unguessable ids for things reachable without a token (payments and their pay page). */
  randomId(prefix: string): string {
    return `${prefix}_${randomBytes(12).toString('hex')}`;
  }

  citizen(ic: string): CitizenRecord | undefined {
    return this.citizens.get(normaliseMyKad(ic));
  }

  /** The citizen behind a verified token; a token for someone not on record finds nothing. */
  requireCitizen(ic: string): CitizenRecord {
    const citizen = this.citizen(ic);
    if (!citizen) throw notFound('CITIZEN_NOT_FOUND', 'No record for this MyKad.');
    return citizen;
  }

  /** A vehicle only if this MyKad owns it: a stranger's plate looks exactly like an unknown plate. */
  ownedVehicle(plate: string, ic: string): VehicleRecord {
    const vehicle = this.vehicles.get(plateKey(plate));
    if (!vehicle || vehicle.ownerIc !== normaliseMyKad(ic)) {
      throw notFound('VEHICLE_NOT_FOUND', 'No vehicle with this registration number is registered to this MyKad.');
    }
    return vehicle;
  }

  unpaidSummonses(ic: string): SummonsEntry[] {
    const owner = normaliseMyKad(ic);
    return [...this.summonses.values()].filter((s) => s.ic === owner && !s.paidAt);
  }

  /** Summonses unpaid for more than 60 days: they blacklist the plate (LKM) and the person (LMM). */
  blacklistingSummonses(filter: { ic?: string; plate?: string }): SummonsEntry[] {
    const today = this.clock.today();
    return [...this.summonses.values()].filter(
      (s) =>
        !s.paidAt &&
        (filter.ic === undefined || s.ic === normaliseMyKad(filter.ic)) &&
        (filter.plate === undefined || (s.plate !== null && plateKey(s.plate) === plateKey(filter.plate))) &&
        summonsDue(s, today).blacklisted,
    );
  }

  /**
   * Checks a payment can pay for this transaction: it exists, is paid, for exactly this amount, and
   * has not paid for anything else. Nothing is changed here; `spend` marks it used.
   */
  checkPayment(paymentId: string | undefined, amountSen: Sen): PaymentRecord | null {
    if (amountSen === 0) return null;
    if (!paymentId) throw unprocessable('PAYMENT_REQUIRED', 'This transaction needs a paid payment (paymentId).', { amount: ringgit(amountSen) });
    const payment = this.payments.get(paymentId);
    if (!payment) throw notFound('PAYMENT_NOT_FOUND', 'No payment with this id.');
    if (payment.status !== 'PAID') throw conflict('PAYMENT_NOT_PAID', 'The payment has not been paid.', { status: payment.status });
    if (payment.amountSen !== amountSen) {
      throw conflict('PAYMENT_AMOUNT_MISMATCH', 'The payment is not for the amount due.', { paid: ringgit(payment.amountSen), due: ringgit(amountSen) });
    }
    if (payment.usedBy) throw conflict('PAYMENT_ALREADY_USED', 'This payment has already been used for another transaction.', { usedBy: payment.usedBy });
    return payment;
  }

  record(service: LedgerService, ic: string, reference: string, amountSen: Sen, status: 'COMPLETED' | 'FAILED', details: Record<string, unknown>): LedgerTransaction {
    this.transactionSequence += 1;
    const transaction: LedgerTransaction = {
      id: `TXN-${String(this.transactionSequence).padStart(6, '0')}`,
      service,
      ic: normaliseMyKad(ic),
      reference,
      amount: ringgit(amountSen),
      status,
      createdAt: this.clock.iso(),
      details,
    };
    this.transactions.push(transaction);
    return transaction;
  }

  /** Records the completed transaction and spends the payment on it, in one step (single-threaded). */
  complete(service: LedgerService, ic: string, reference: string, amountSen: Sen, payment: PaymentRecord | null, details: Record<string, unknown>): LedgerTransaction {
    const transaction = this.record(service, ic, reference, amountSen, 'COMPLETED', { ...details, paymentId: payment?.paymentId ?? null });
    if (payment) payment.usedBy = transaction.id;
    return transaction;
  }
}
