/** A Z report as the printer prints it (reports.zLayout), with Print and PDF. */
export function ZPrintout(props: { zReportId: string }) {
  return <section aria-label="Z report" data-z-report={props.zReportId} />;
}
