import { ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, Legend, LinearScale, Tooltip, type ChartConfiguration, type ChartType } from 'chart.js';
import { useEffect, useRef } from 'react';

// Only what the dashboard draws (bars and a doughnut): the rest of Chart.js stays out of the bundle.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Tooltip, Legend);

/** The app's palette, read from its tokens so charts follow the theme. */
export function chartColors(): { primary: string; series: string[]; text: string; grid: string } {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    primary: v('--color-primary', '#0b5394'),
    series: [v('--color-primary', '#0b5394'), v('--color-accent-processing', '#b7791f'), v('--color-success', '#1b6e35'), v('--color-accent-shipped', '#5b6ee1'), v('--color-danger', '#b3261e')],
    text: v('--color-text-muted', '#4a5765'),
    grid: v('--color-border', '#c9d1da'),
  };
}

/**
 * A Chart.js chart on a canvas, redrawn when its configuration changes. The canvas is
 * hidden from screen readers: every chart on the dashboard has its figures in a table too.
 */
export function ChartCanvas<T extends ChartType>({ config, label, testId }: { config: ChartConfiguration<T>; label: string; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const css = chartColors();
    Chart.defaults.color = css.text;
    Chart.defaults.borderColor = css.grid;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [config]);
  return (
    <div className="reports__chart">
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}
