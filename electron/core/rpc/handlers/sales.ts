import type { Services } from '../../services';
import type { DomainHandlers } from '../types';

export function productHandlers(s: Services): DomainHandlers<'products'> {
  return {
    // Attached to a head office, catalogue edits go to it first (HeadOfficeService.catalogueEdit).
    'products.create': (input, ctx) => s.headOffice.catalogueEdit(() => s.products.create(input, ctx.actor)),
    'products.update': (input, ctx) => s.headOffice.catalogueEdit(() => s.products.update(input, ctx.actor)),
    'products.get': (input) => s.products.get(input.id),
    'products.findByCode': (input) => s.products.findByCode(input.code),
    'products.list': (input) => s.products.list(input),
    'products.categories': () => ({ items: s.products.categories() }),
  };
}

export function taxClassHandlers(s: Services): DomainHandlers<'taxClasses'> {
  return {
    'taxClasses.list': (input) => s.taxClasses.list(input),
    'taxClasses.create': (input, ctx) => s.headOffice.catalogueEdit(() => s.taxClasses.create(input, ctx.actor)),
    'taxClasses.update': (input, ctx) => s.headOffice.catalogueEdit(() => s.taxClasses.update(input, ctx.actor)),
    'taxClasses.setRate': (input, ctx) => s.headOffice.catalogueEdit(() => s.taxClasses.setRate(input, ctx.actor)),
  };
}

export function orderHandlers(s: Services): DomainHandlers<'orders'> {
  return {
    'orders.create': (input, ctx) => s.orders.create(input, ctx.actor),
    'orders.get': (input) => s.orders.get(input.id),
    'orders.list': (input) => s.orders.list(input),
    'orders.update': (input, ctx) => s.orders.update(input, ctx.actor),
    'orders.delete': (input, ctx) => {
      s.orders.delete(input.id, ctx.actor);
      return {};
    },
    'orders.cancel': (input, ctx) => s.cancellation.cancel(input, ctx.actor),
    'orders.transition': (input, ctx) => s.orders.transition(input, ctx.actor),
    'orders.history': (input) => ({ items: s.orders.history(input.id) }),
    'orders.checkout': (input, ctx) => s.checkout.checkout(input, ctx.actor),
    'orders.recordVoid': (input, ctx) => s.checkout.recordVoid(input, ctx.actor),
  };
}

export function invoiceHandlers(s: Services): DomainHandlers<'invoices'> {
  return {
    'invoices.generate': (input, ctx) => s.invoices.generate(input.orderId, ctx.actor),
    'invoices.get': (input) => s.invoices.get(input.id),
    'invoices.getByOrder': (input) => s.invoices.getByOrder(input.orderId),
    'invoices.list': (input) => s.invoices.list(input),
    'invoices.pdf': (input) => s.documents.invoicePdf(input.id),
  };
}

export function paymentHandlers(s: Services): DomainHandlers<'payments'> {
  return {
    'payments.pay': (input, ctx) => s.payments.pay(input, ctx.actor),
    'payments.list': (input) => s.payments.list(input),
  };
}
