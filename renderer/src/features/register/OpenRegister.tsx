import { useState, type FormEvent } from 'react';
import type { Register } from '../../../../shared/contract';
import { countTotal } from '../../../../shared/domain/cash';
import { api, formErrors } from '../../api';
import { useQueryClient, useStoreCurrency } from '../../data';
import { useT } from '../../i18n';
import { Banner, Button, Checkbox, TextField, toast } from '../../ui';
import { formatMoney, parseMoney, toMoneyInput } from '../../ui/money';
import { useScanGuard } from '../counter/useScanGuard';
import { countLines, DenominationCount, type CountInput } from './DenominationCount';
import { useRegisterUi } from './registerStore';
import './register.css';

/**
 * The counter while its register has no open cash session: the opening float, typed or
 * counted by denomination (the float is then the count's total). A scan here sells nothing
 * and says so.
 */
export function OpenRegister({ register, registerId }: { register: Register | undefined; registerId: string }) {
  const currency = useStoreCurrency();
  const t = useT();
  const queryClient = useQueryClient();
  const notice = useRegisterUi((s) => s.closedNotice);
  const setNotice = useRegisterUi((s) => s.setClosedNotice);
  const [floatText, setFloatText] = useState('');
  const [counting, setCounting] = useState(false);
  const [count, setCount] = useState<CountInput>({});
  const [error, setError] = useState<{ float?: string; general?: string }>({});
  const [scanned, setScanned] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useScanGuard(true, { onScan: (code) => setScanned(code) });

  if (!currency) return null;
  const lines = counting ? countLines(count) : null;
  const counted = lines ? countTotal(lines) : null;
  const lead = register ? t('register.openLead', { code: register.code, name: register.name }) : t('register.openLeadUnknown');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let openingFloat: number | null;
    if (counting) {
      if (!lines) return setError({ float: t('register.quantitiesWhole') });
      openingFloat = counted;
    } else {
      openingFloat = floatText.trim() === '' ? null : parseMoney(floatText, currency);
      if (openingFloat === null || openingFloat < 0) return setError({ float: floatText.trim() ? t('register.notAnAmount', { text: floatText.trim() }) : t('register.floatMissing') });
    }
    setBusy(true);
    setError({});
    try {
      const session = await api.call('cashSessions.open', { registerId, openingFloat: openingFloat ?? 0, ...(lines && lines.length > 0 ? { count: lines } : {}) });
      queryClient.setQueryData(['cashSessions.current', { registerId }], { session });
      setNotice(null);
      toast(t('register.openedWith', { code: session.registerCode, amount: formatMoney(session.openingFloat, currency) }), 'success');
    } catch (err) {
      const errors = formErrors(err, { openingFloat: t('register.openingFloat'), count: t('register.theCount') });
      setError({ float: errors.fields.openingFloat ?? errors.fields.count, general: errors.general ?? undefined });
      setBusy(false);
    }
  };

  return (
    <section className="open-register" aria-labelledby="open-register-title">
      <form className="open-register__card" onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="open-register-title" className="open-register__title">
          {t('register.openTitle')}
        </h2>
        <p className="open-register__lead">{lead}</p>
        {notice ? <Banner tone="warning">{notice}</Banner> : null}
        {scanned ? (
          <Banner tone="info" onDismiss={() => setScanned(null)}>
            {t('register.scannedNotice', { code: scanned })}
          </Banner>
        ) : null}
        {error.general ? <Banner tone="error">{error.general}</Banner> : null}
        <div className="open-register__float">
          <TextField
            label={t('register.openingFloat')}
            inputMode="decimal"
            autoComplete="off"
            autoFocus
            readOnly={counting}
            value={counting ? (counted === null ? '' : toMoneyInput(counted, currency)) : floatText}
            onChange={(e) => setFloatText(e.target.value)}
            hint={counting ? t('register.floatFromCount') : t('register.amountHint', { currency, example: toMoneyInput(15000, currency) })}
            error={error.float}
          />
          <Checkbox label={t('register.countByDenomination')} checked={counting} onChange={(e) => setCounting(e.target.checked)} />
        </div>
        {counting ? <DenominationCount currency={currency} value={count} onChange={setCount} /> : null}
        <Button type="submit" variant="primary" size="lg" busy={busy} block>
          {t('register.openSubmit')}
        </Button>
      </form>
    </section>
  );
}
