/** What an end-to-end test checks of a screen's fit, run in the page (the tests compile without the DOM's types). */

/**
 * Runs in the page (the tests compile without the DOM's types): what does not fit. The page
 * scrolling sideways, a table wider than its box (a clipped column), a row's button or link
 * outside its table's visible box or the window, a dialog's header or footer button outside
 * the window.
 */
export const MISFITS = `(() => {
  const vw = document.documentElement.clientWidth;
  const vh = window.innerHeight;
  const out = [];
  const name = (el) => (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 60);
  if (document.documentElement.scrollWidth > vw + 1) out.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + vw);
  for (const wrap of document.querySelectorAll('.table-wrap')) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) out.push('table clipped: ' + name(wrap.querySelector('caption') || wrap) + ' (' + wrap.scrollWidth + ' > ' + wrap.clientWidth + ')');
  }
  for (const el of document.querySelectorAll('table tbody button, table tbody a')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const box = el.closest('.table-wrap')?.getBoundingClientRect();
    const left = Math.max(0, box ? box.left : 0);
    const right = Math.min(vw, box ? box.right : vw);
    if (r.left < left - 1 || r.right > right + 1) out.push('row action out of view: ' + name(el));
  }
  for (const dialog of document.querySelectorAll('dialog[open]')) {
    for (const el of dialog.querySelectorAll('.dialog__header button, .dialog__footer button')) {
      const r = el.getBoundingClientRect();
      if (r.top < -1 || r.left < -1 || r.bottom > vh + 1 || r.right > vw + 1) out.push('dialog button out of view: ' + name(el));
    }
  }
  return out;
})()`;

/**
 * Labels cut short: a button, label, header, heading, tab or badge whose text is wider than
 * its box while the box hides what overflows (a long German word on a fixed-width button), and
 * a button whose label spills out of it (cut by whatever holds the button).
 */
export const CLIPPED = `(() => {
  const out = [];
  for (const el of document.querySelectorAll('button, label, th, h1, h2, h3, legend, a, [role=tab], .badge, .btn, dt, summary')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const s = getComputedStyle(el);
    const hides = s.overflowX === 'hidden' || s.overflowX === 'clip' || s.textOverflow === 'ellipsis' || s.overflow === 'hidden';
    const spills = el.matches('button, .btn') && el.scrollWidth > el.clientWidth + 1;
    if ((hides || spills) && el.scrollWidth > el.clientWidth + 1) out.push('clipped: ' + (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 60) + ' (' + el.scrollWidth + ' > ' + el.clientWidth + ')');
  }
  return out;
})()`;
