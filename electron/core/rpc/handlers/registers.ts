import type { Services } from '../../services';
import type { DomainHandlers } from '../types';

export function registerHandlers(s: Services): DomainHandlers<'registers'> {
  return {
    'registers.list': (input) => s.registers.list(input),
    'registers.create': (input, ctx) => s.registers.create(input, ctx.actor),
    'registers.update': (input, ctx) => s.registers.update(input, ctx.actor),
  };
}

export function cashSessionHandlers(s: Services): DomainHandlers<'cashSessions'> {
  return {
    'cashSessions.open': (input, ctx) => s.cashSessions.open(input, ctx.actor),
    'cashSessions.current': (input, ctx) => s.cashSessions.current(input, ctx.actor),
    'cashSessions.get': (input, ctx) => s.cashSessions.get(input.id, ctx.actor),
    'cashSessions.move': (input, ctx) => s.cashSessions.move(input, ctx.actor),
    'cashSessions.movements': (input, ctx) => s.cashSessions.movements(input, ctx.actor),
    'cashSessions.close': (input, ctx) => s.cashSessions.close(input, ctx.actor),
    'cashSessions.list': (input, ctx) => s.cashSessions.list(input, ctx.actor),
  };
}

export function reportHandlers(s: Services): DomainHandlers<'reports'> {
  return {
    'reports.x': (input, ctx) => s.reports.x(input, ctx.actor),
    'reports.z': (input, ctx) => s.reports.z(input.id, ctx.actor),
    'reports.zList': (input, ctx) => s.reports.zList(input, ctx.actor),
    'reports.zPdf': (input, ctx) => s.documents.zPdf(s.reports.z(input.id, ctx.actor)),
    'reports.zLayout': (input, ctx) => s.documents.zLayout(s.reports.z(input.id, ctx.actor), input.width),
    'reports.zPrint': (input, ctx) => s.documents.zPrint(s.reports.z(input.id, ctx.actor), input.width, ctx.actor),
    'reports.daySummary': (input) => s.reports.daySummary(input),
    'reports.dashboard': () => s.reports.dashboard(),
  };
}
