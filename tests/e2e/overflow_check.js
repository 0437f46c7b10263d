// Used by test_screens.py: arguments[0] is the CSS selector of the page's own content.
const root = document.querySelector(arguments[0]) || document.querySelector('main') || document.body;
const vw = document.documentElement.clientWidth;
const found = [];
for (const el of root.querySelectorAll('h1,h2,h3,p,a,li,td,th,dt,dd,label,button,span,strong,time,input,select')) {
  if (el.closest('.table-scroll, .visually-hidden, .w-sr-only, [aria-hidden=true], svg')) continue;
  const box = el.getBoundingClientRect();
  if (box.width <= 1 || box.height <= 1) continue;
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden' || style.display === 'none') continue;
  const clipped = ['hidden', 'clip'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1
    && el.tagName !== 'SELECT' && el.tagName !== 'INPUT';
  if (box.right > vw + 1 || clipped) {
    found.push(el.tagName.toLowerCase() + '.' + el.className + ': ' + (el.textContent || el.value || '').trim().slice(0, 40));
  }
}
return found.slice(0, 10);
