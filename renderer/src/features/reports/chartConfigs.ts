import type { ChartConfiguration } from 'chart.js';
import type { Output } from '../../../../shared/contract';
import type { StoreFormat } from '../../../../shared/domain/format';
import type { Translate } from '../../i18n';
import { chartColors } from './Chart';
import { tenderLabel } from './format';

type Dashboard = Output<'reports.dashboard'>;

/** Hour 8 → "08" (it-IT), "8 AM" (en-US). */
export function hourLabel(hour: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', timeZone: 'UTC' }).format(Date.UTC(2000, 0, 1, hour));
}

/** "2026-12-06" → "6 dic" (it-IT), "Dec 6" (en-US). */
export function dayLabel(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

/** Today's hours worth drawing: the shop's usual day (8–19) widened to any hour that sold. */
export function hoursShown(byHour: Dashboard['today']['byHour']): number[] {
  const sold = byHour.filter((h) => h.count > 0).map((h) => h.hour);
  const first = Math.min(8, ...sold);
  const last = Math.max(19, ...sold);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Options every chart shares: no animation (a cheap till PC), money on the value axis and in tooltips. */
function moneyBarOptions(fmt: StoreFormat, t: Translate, currency: string, stacked = false): ChartConfiguration<'bar'>['options'] {
  const money = (v: number | string) => fmt.money(Math.round(Number(v)), currency);
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    plugins: {
      legend: { display: stacked },
      tooltip: { callbacks: { label: (c) => t('reports.chartTooltip', { label: c.dataset.label ?? '', amount: money(c.parsed.y ?? 0) }) } },
    },
    scales: {
      x: { stacked, grid: { display: false } },
      y: { stacked, beginAtZero: true, ticks: { callback: (v) => money(v), maxTicksLimit: 6 } },
    },
  };
}

export function hourChart(d: Dashboard, fmt: StoreFormat, t: Translate): ChartConfiguration<'bar'> {
  const hours = hoursShown(d.today.byHour);
  const gross = new Map(d.today.byHour.map((h) => [h.hour, h.gross]));
  return {
    type: 'bar',
    data: { labels: hours.map((h) => hourLabel(h, fmt.locale)), datasets: [{ label: t('reports.grossSales'), data: hours.map((h) => gross.get(h) ?? 0), backgroundColor: chartColors().primary }] },
    options: moneyBarOptions(fmt, t, d.currency),
  };
}

export function daysChart(d: Dashboard, fmt: StoreFormat, t: Translate): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: { labels: d.days.map((x) => dayLabel(x.date, fmt.locale)), datasets: [{ label: t('reports.grossSales'), data: d.days.map((x) => x.gross), backgroundColor: chartColors().primary }] },
    options: moneyBarOptions(fmt, t, d.currency),
  };
}

export function taxChart(d: Dashboard, fmt: StoreFormat, t: Translate): ChartConfiguration<'bar'> {
  const [net, tax] = chartColors().series;
  return {
    type: 'bar',
    data: {
      labels: d.byTaxRate.map((r) => fmt.rate(r.taxRateBp)),
      datasets: [
        { label: t('reports.net'), data: d.byTaxRate.map((r) => r.net), backgroundColor: net },
        { label: t('common.tax'), data: d.byTaxRate.map((r) => r.tax), backgroundColor: tax },
      ],
    },
    options: moneyBarOptions(fmt, t, d.currency, true),
  };
}

export function tenderChart(d: Dashboard, fmt: StoreFormat, t: Translate): ChartConfiguration<'doughnut'> {
  const { series } = chartColors();
  return {
    type: 'doughnut',
    data: {
      labels: d.byTender.map((x) => tenderLabel(t, x.method)),
      datasets: [{ label: t('reports.taken'), data: d.byTender.map((x) => x.amount), backgroundColor: d.byTender.map((_, i) => series[i % series.length]!) }],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { position: 'right' },
        tooltip: { callbacks: { label: (c) => t('reports.chartTooltip', { label: c.label, amount: fmt.money(Math.round(Number(c.parsed)), d.currency) }) } },
      },
    },
  };
}
