import { t as translateNow, type Translate } from '../../i18n';

/** How a drawer's over/short reads on screen: the word, the amount (unsigned) and its tone. */
export interface VarianceView {
  tone: 'exact' | 'over' | 'short';
  /** "Over €2.00", "Short €5.00", "Even" (as the Z report prints it). */
  text: string;
}

/** `variance` is counted − expected (shared/domain/cash cashVariance): positive over, negative short. */
export function varianceView(variance: number, money: (minor: number) => string, t: Translate = translateNow): VarianceView {
  if (variance === 0) return { tone: 'exact', text: t('register.varianceEven') };
  return variance > 0 ? { tone: 'over', text: t('register.varianceOver', { amount: money(variance) }) } : { tone: 'short', text: t('register.varianceShort', { amount: money(-variance) }) };
}
