import { AuditService } from './audit';
import { AuthService } from './auth';
import { BackupService } from './backup';
import { CashSessionService } from './cashSessions';
import { CancellationService } from './cancellation';
import { CheckoutService } from './checkout';
import type { HostHooks, Platform } from '../platform';
import type { ServiceDeps } from './deps';
import { DiagnosticsService } from './diagnostics';
import { DocumentService } from './documents';
import { ExportService } from './exports';
import { HeadOfficeService } from './headOffice';
import { InvoiceService } from './invoices';
import { DocumentNumbers } from './numbering';
import { OrderService } from './orders';
import { PaymentService } from './payments';
import { ProductService } from './products';
import { TaxClassService } from './taxClasses';
import { RegisterService } from './registers';
import { ReportService } from './reports';
import { SettingsService } from './settings';
import { SystemService } from './system';
import { UserService } from './users';
import { CreditNoteService } from './creditNotes';
import { RefundService } from './refunds';
import { ReturnService } from './returns';
import { VoucherService } from './vouchers';

export interface Services {
  auth: AuthService;
  users: UserService;
  system: SystemService;
  settings: SettingsService;
  products: ProductService;
  taxClasses: TaxClassService;
  orders: OrderService;
  invoices: InvoiceService;
  payments: PaymentService;
  checkout: CheckoutService;
  cancellation: CancellationService;
  audit: AuditService;
  backup: BackupService;
  documents: DocumentService;
  exports: ExportService;
  diagnostics: DiagnosticsService;
  registers: RegisterService;
  cashSessions: CashSessionService;
  reports: ReportService;
  creditNotes: CreditNoteService;
  vouchers: VoucherService;
  returns: ReturnService;
  headOffice: HeadOfficeService;
}

/** What the services take from their host: the machine's dialogs and printer, and the host's restore and live check. */
export interface ServiceHost {
  platform?: Platform;
  host?: HostHooks;
  /** Where PDFs are drawn (DocumentOptions.pdf); a worker thread by default. */
  pdf?: 'worker' | 'in-thread';
}

export function createServices(d: ServiceDeps, info: { version: string; schemaVersion: number }, from: ServiceHost = {}): Services {
  const platform = from.platform ?? {};
  // Each service logs under its own module name.
  const as = (module: string): ServiceDeps => ({ ...d, log: d.log.child(module) });
  const users = new UserService(as('users'));
  const settings = new SettingsService(as('settings'));
  const taxClasses = new TaxClassService(as('taxClasses'), settings);
  const products = new ProductService(as('products'), taxClasses);
  const auth = new AuthService(as('auth'), users, settings);
  const orders = new OrderService(as('orders'), products, settings, auth);
  const headOffice: HeadOfficeService = new HeadOfficeService(as('headOffice'), taxClasses, (): RegisterService => registers, from.host?.headOffice);
  // Invoices and credit notes are numbered per register once attached to a head office.
  const numbers = new DocumentNumbers(as('numbering'), () => headOffice.attachment() !== null);
  const registers = new RegisterService(as('registers'), numbers);
  const reports = new ReportService(as('reports'), settings);
  // The drawer opens through the documents service, built later from the invoices and payments.
  let documents: DocumentService | null = null;
  const cashSessions = new CashSessionService(as('cashSessions'), registers, reports, settings, auth, { onDrawerOpen: (registerId) => documents?.kickDrawer(registerId) });
  const invoices = new InvoiceService(as('invoices'), orders, settings, cashSessions, numbers);
  const vouchers = new VoucherService(as('vouchers'), settings);
  const payments = new PaymentService(as('payments'), orders, invoices, settings, cashSessions, vouchers);
  documents = new DocumentService(invoices, payments, settings, platform, registers, vouchers, { pdf: from.pdf, log: d.log.child('documents') });
  const checkout = new CheckoutService(as('checkout'), orders, invoices, payments, products, settings, cashSessions);
  const creditNotes = new CreditNoteService(as('creditNotes'), settings, numbers);
  const refunds = new RefundService(as('refunds'), settings, cashSessions, vouchers);
  const returns = new ReturnService(as('returns'), { orders, invoices, payments, checkout, products, settings, cashSessions, auth, creditNotes, vouchers, refunds });
  const services: Omit<Services, 'diagnostics'> = {
    auth,
    users,
    system: new SystemService(info.version, info.schemaVersion),
    settings,
    products,
    taxClasses,
    orders,
    invoices,
    payments,
    checkout,
    creditNotes,
    vouchers,
    returns,
    cancellation: new CancellationService(as('cancellation'), orders, invoices, returns),
    audit: new AuditService(as('audit'), () => settings.get().timeZone),
    backup: new BackupService(as('backup'), { platform, host: from.host }),
    documents,
    registers,
    cashSessions,
    reports,
    exports: new ExportService(as('exports'), settings, { sessionOf: (tokenHash) => auth.resolveHash(tokenHash), platform }),
    headOffice,
  };
  return { ...services, diagnostics: new DiagnosticsService(as('diagnostics'), settings, services.exports, info) };
}
