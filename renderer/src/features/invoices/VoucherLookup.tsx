import { useState } from 'react';
import type { Output } from '../../../../shared/contract';
import { href } from '../../app/router';
import { useContractQuery, useStoreCurrency, useStoreFormat } from '../../data';
import { Badge, Banner, Button, PageHeader, Table, TextField, type Column } from '../../ui';
import { formatMoney } from '../../ui/money';
import { Stat } from './Stat';

type Entry = Output<'vouchers.get'>['entries'][number];
const entryLabels: Record<Entry['kind'], string> = { issued: 'Issued', redeemed: 'Spent', restored: 'Given back' };

/** A voucher by its code (scanned or typed): balance, expiry, where it came from, and its ledger. */
export function VoucherLookup() {
  const [text, setText] = useState('');
  const [code, setCode] = useState('');
  const query = useContractQuery('vouchers.get', { code }, { enabled: code !== '' });
  const fmt = useStoreFormat();
  const voucher = query.data;
  const storeCurrency = useStoreCurrency();
  const money = (minor: number) => formatMoney(minor, voucher?.currency ?? storeCurrency ?? 'EUR');
  const expired = voucher ? Date.parse(voucher.expiresAt) <= Date.now() : false;

  const columns: Column<Entry & { i: number }>[] = [
    { key: 'at', header: 'Date', render: (e) => <time className="list__nowrap" dateTime={e.at}>{fmt.dateTime(e.at)}</time> },
    { key: 'kind', header: 'Entry', render: (e) => entryLabels[e.kind] },
    { key: 'by', header: 'By', render: (e) => e.byName },
    { key: 'amount', header: 'Amount', align: 'end', width: 'shrink', render: (e) => <span className="list__amount">{e.amount > 0 ? `+${money(e.amount)}` : `−${money(-e.amount)}`}</span> },
    { key: 'balance', header: 'Balance', align: 'end', width: 'shrink', render: (e) => <span className="list__amount">{money(e.balance)}</span> },
  ];

  return (
    <>
      <PageHeader title="Vouchers" description="Scan or type a voucher's code to see what is left on it, until when, and every use." />
      <form
        className="voucher-lookup"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setCode(text.trim());
        }}
      >
        <TextField label="Voucher code" autoComplete="off" spellCheck={false} autoFocus value={text} onChange={(e) => setText(e.target.value)} className="voucher__code" />
        <Button type="submit" variant="primary" disabled={text.trim() === ''} busy={query.isFetching}>
          Look up
        </Button>
      </form>
      {code && query.error ? (
        <Banner tone={query.error.code === 'NOT_FOUND' ? 'warning' : 'error'} title={query.error.code === 'NOT_FOUND' ? `No voucher with code ${code}.` : 'The voucher could not be read.'}>
          {query.error.code === 'NOT_FOUND' ? 'Check the code on the receipt.' : query.error.message}
        </Banner>
      ) : null}
      {voucher ? (
        <section className="invoice__section" aria-label={`Voucher ${voucher.code}`} data-testid="voucher">
          <dl className="invoices__stats">
            <Stat label="Balance" testId="voucher-balance">
              {money(voucher.balance)}
            </Stat>
            <Stat label="Of">
              {money(voucher.amount)}
            </Stat>
            <Stat label={expired ? 'Expired' : 'Valid until'} testId="voucher-expiry">
              {fmt.date(voucher.expiresAt)}
            </Stat>
          </dl>
          <p className="invoice__status-line voucher-lookup__meta">
            <code className="voucher__code">{voucher.code}</code>
            {voucher.usable ? <Badge tone="success">Can be spent</Badge> : <Badge tone="neutral">{expired ? 'Expired' : 'Spent'}</Badge>}
            <span>{voucher.kind === 'gift' ? 'Gift voucher' : 'Store credit for a return'}</span>
            <span>Issued {fmt.dateTime(voucher.issuedAt)}</span>
            {voucher.invoiceId ? (
              <a className="list__link" href={href(`/invoices/${voucher.invoiceId}`)}>
                Its invoice
              </a>
            ) : null}
          </p>
          <Table caption="Ledger" showCaption columns={columns} rows={voucher.entries.map((e, i) => ({ ...e, i }))} rowKey={(e) => String(e.i)} />
        </section>
      ) : null}
    </>
  );
}
