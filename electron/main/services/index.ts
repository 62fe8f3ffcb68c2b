import { AuditService } from './audit';
import { AuthService } from './auth';
import { BackupService } from './backup';
import { CancellationService } from './cancellation';
import type { ServiceDeps } from './deps';
import { DocumentService } from './documents';
import { ExportService } from './exports';
import { InvoiceService } from './invoices';
import { OrderService } from './orders';
import { PaymentService } from './payments';
import { ProductService } from './products';
import { SettingsService } from './settings';
import { SystemService } from './system';
import { UserService } from './users';

export interface Services {
  auth: AuthService;
  users: UserService;
  system: SystemService;
  settings: SettingsService;
  products: ProductService;
  orders: OrderService;
  invoices: InvoiceService;
  payments: PaymentService;
  cancellation: CancellationService;
  audit: AuditService;
  backup: BackupService;
  documents: DocumentService;
  exports: ExportService;
}

export function createServices(d: ServiceDeps, info: { version: string; schemaVersion: number }): Services {
  const users = new UserService(d);
  const settings = new SettingsService(d);
  const products = new ProductService(d);
  const orders = new OrderService(d, products, settings);
  const invoices = new InvoiceService(d, orders, settings);
  const payments = new PaymentService(d, orders, invoices, settings);
  return {
    auth: new AuthService(d, users),
    users,
    system: new SystemService(info.version, info.schemaVersion),
    settings,
    products,
    orders,
    invoices,
    payments,
    cancellation: new CancellationService(d, orders, invoices, payments),
    audit: new AuditService(d),
    backup: new BackupService(d),
    documents: new DocumentService(invoices, payments, settings),
    exports: new ExportService(d, settings),
  };
}
