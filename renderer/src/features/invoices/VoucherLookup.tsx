import { useState } from 'react';
import type { Output } from '../../../../shared/contract';
import { href } from '../../app/router';
import { useContractQuery, useStoreCurrency, useStoreFormat } from '../../data';
import { useT, type MessageId } from '../../i18n';
import { Badge, Banner, Button, PageHeader, Table, TextField, type Column } from '../../ui';
import { formatMoney } from '../../ui/money';
import { Stat } from './Stat';

type Entry = Output<'vouchers.get'>['entries'][number];
const entryIds: Record<Entry['kind'], MessageId> = { issued: 'invoices.entryIssued', redeemed: 'invoices.entrySpent', restored: 'invoices.entryGivenBack' };

/** A voucher by its code (scanned or typed): balance, expiry, where it came from, and its ledger. */
export function VoucherLookup() {
  const t = useT();
  const [text, setText] = useState('');
  const [code, setCode] = useState('');
  const query = useContractQuery('vouchers.get', { code }, { enabled: code !== '' });
  const fmt = useStoreFormat();
  const voucher = query.data;
  const storeCurrency = useStoreCurrency();
  const money = (minor: number) => formatMoney(minor, voucher?.currency ?? storeCurrency ?? 'EUR');
  const expired = voucher ? Date.parse(voucher.expiresAt) <= Date.now() : false;

  const columns: Column<Entry & { i: number }>[] = [
    { key: 'at', header: t('common.date'), render: (e) => <time className="list__nowrap" dateTime={e.at}>{fmt.dateTime(e.at)}</time> },
    { key: 'kind', header: t('invoices.entry'), render: (e) => t(entryIds[e.kind]) },
    { key: 'by', header: t('invoices.by'), render: (e) => e.byName },
    { key: 'amount', header: t('common.amount'), align: 'end', width: 'shrink', render: (e) => <span className="list__amount">{e.amount > 0 ? t('invoices.plus', { amount: money(e.amount) }) : t('invoices.minus', { amount: money(-e.amount) })}</span> },
    { key: 'balance', header: t('invoices.balance'), align: 'end', width: 'shrink', render: (e) => <span className="list__amount">{money(e.balance)}</span> },
  ];

  return (
    <>
      <PageHeader title={t('invoices.vouchers')} description={t('invoices.vouchersDescription')} />
      <form
        className="voucher-lookup"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setCode(text.trim());
        }}
      >
        <TextField label={t('invoices.voucherCodeLabel')} autoComplete="off" spellCheck={false} autoFocus value={text} onChange={(e) => setText(e.target.value)} className="voucher__code" />
        <Button type="submit" variant="primary" disabled={text.trim() === ''} busy={query.isFetching}>
          {t('invoices.lookUp')}
        </Button>
      </form>
      {code && query.error ? (
        <Banner tone={query.error.code === 'NOT_FOUND' ? 'warning' : 'error'} title={query.error.code === 'NOT_FOUND' ? t('invoices.voucherNotFound', { code }) : t('invoices.voucherReadFailed')}>
          {query.error.code === 'NOT_FOUND' ? t('invoices.checkCode') : query.error.message}
        </Banner>
      ) : null}
      {voucher ? (
        <section className="invoice__section" aria-label={t('invoices.voucherCode', { code: voucher.code })} data-testid="voucher">
          <dl className="invoices__stats">
            <Stat label={t('invoices.balance')} testId="voucher-balance">
              {money(voucher.balance)}
            </Stat>
            <Stat label={t('invoices.ofAmount')}>
              {money(voucher.amount)}
            </Stat>
            <Stat label={expired ? t('invoices.expired') : t('invoices.validUntil')} testId="voucher-expiry">
              {fmt.date(voucher.expiresAt)}
            </Stat>
          </dl>
          <p className="invoice__status-line voucher-lookup__meta">
            <code className="voucher__code">{voucher.code}</code>
            {voucher.usable ? <Badge tone="success">{t('invoices.canBeSpent')}</Badge> : <Badge tone="neutral">{expired ? t('invoices.expired') : t('invoices.voucherSpent')}</Badge>}
            <span>{voucher.kind === 'gift' ? t('invoices.giftVoucher') : t('invoices.storeCredit')}</span>
            <span>{t('invoices.voucherIssuedAt', { date: fmt.dateTime(voucher.issuedAt) })}</span>
            {voucher.invoiceId ? (
              <a className="list__link" href={href(`/invoices/${voucher.invoiceId}`)}>
                {t('invoices.itsInvoice')}
              </a>
            ) : null}
          </p>
          <Table caption={t('invoices.ledger')} showCaption columns={columns} rows={voucher.entries.map((e, i) => ({ ...e, i }))} rowKey={(e) => String(e.i)} />
        </section>
      ) : null}
    </>
  );
}
