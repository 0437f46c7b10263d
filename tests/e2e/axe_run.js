// Used by test_screens.py (async script): serious and critical WCAG 2.1 A/AA violations.
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
  .then(r => done(r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
  .catch(e => done(['axe failed: ' + e]));
