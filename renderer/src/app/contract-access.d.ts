/** The contract's access table, made at build time by vite.renderer.config.ts (no zod in the UI). */
declare module 'virtual:tessera-access' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports -- an ambient module declaration cannot import
  const access: Readonly<Record<import('../../../shared/contract').Method, import('../../../shared/contract').Access>>;
  export default access;
}
