/** A scan field's refusal, under its box; `${id}-message` is the input's aria-describedby. */
export function ScanError({ id, message }: { id: string; message: string }) {
  return (
    <p id={`${id}-message`} className="scan__message scan__message--error" role="alert">
      <span aria-hidden="true" className="field__error-icon" />
      {message}
    </p>
  );
}
