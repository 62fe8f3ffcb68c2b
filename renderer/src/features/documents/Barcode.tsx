import { useMemo } from 'react';
import { code128Path, isCode128B } from '../../../../shared/barcode/code128';
import { useT } from '../../i18n';

const HEIGHT = 40;

/**
 * A Code 128 barcode as SVG bars (the shared encoder the printer bytes and the core's receipt
 * page use), stretched to its box: the CSS sets the size. Data it cannot carry draws nothing.
 */
export function Barcode({ data, className }: { data: string; className?: string }) {
  const t = useT();
  const symbol = useMemo(() => (isCode128B(data) ? code128Path(data, HEIGHT) : null), [data]);
  if (!symbol) return null;
  return (
    <svg className={className} viewBox={`0 0 ${symbol.modules} ${HEIGHT}`} preserveAspectRatio="none" shapeRendering="crispEdges" role="img" aria-label={t('documents.screenBarcode', { data })} data-barcode={data}>
      <path fill="currentColor" d={symbol.d} />
    </svg>
  );
}
