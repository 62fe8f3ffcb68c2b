import type { Services } from '../../services';
import type { AllHandlers } from '../types';
import { auditHandlers } from './audit';
import { authHandlers } from './auth';
import { receiptHandlers } from './documents';
import { exportHandlers } from './exports';
import { headOfficeHandlers } from './headOffice';
import { invoiceHandlers, orderHandlers, paymentHandlers, productHandlers, taxClassHandlers } from './sales';
import { cashSessionHandlers, registerHandlers, reportHandlers } from './registers';
import { creditNoteHandlers, returnHandlers, voucherHandlers } from './returns';
import { settingsHandlers } from './settings';
import { systemHandlers } from './system';
import { userHandlers } from './users';

/** Every domain's handler map, merged; the type makes a missing method a compile error. */
export function createHandlers(s: Services): AllHandlers {
  return {
    ...authHandlers(s),
    ...userHandlers(s),
    ...systemHandlers(s),
    ...auditHandlers(s),
    ...productHandlers(s),
    ...taxClassHandlers(s),
    ...orderHandlers(s),
    ...invoiceHandlers(s),
    ...paymentHandlers(s),
    ...settingsHandlers(s),
    ...receiptHandlers(s),
    ...exportHandlers(s),
    ...registerHandlers(s),
    ...cashSessionHandlers(s),
    ...reportHandlers(s),
    ...returnHandlers(s),
    ...creditNoteHandlers(s),
    ...voucherHandlers(s),
    ...headOfficeHandlers(s),
  };
}
