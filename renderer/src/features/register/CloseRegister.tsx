/** Closing a register's cash session: count, variance, approval, then the Z printout. */
export function CloseRegister(props: { sessionId: string; onDone: () => void; onCancel: () => void }) {
  return <section aria-label="Close register" data-session={props.sessionId} />;
}
