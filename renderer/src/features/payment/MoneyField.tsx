import { TextField, type TextFieldProps } from '../../ui';

/** An amount of money typed in the store's format (parseMoney reads it). */
export function MoneyField({ className, ...rest }: TextFieldProps) {
  return <TextField inputMode="decimal" autoComplete="off" className={`pay__money-input${className ? ` ${className}` : ''}`} {...rest} />;
}
