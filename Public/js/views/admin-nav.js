// The admin pages' own navigation.
import { h } from '../dom.js';

export function adminNav() {
  const here = location.hash;
  const item = (href, label) => h('li', h('a', { href, 'aria-current': here.startsWith(href) ? 'page' : null }, label));
  return h('nav.subnav', { 'aria-label': 'Admin' }, h('ul',
    item('#/admin/lessons', 'Lessons'), item('#/admin/experiments', 'Experiments'),
    item('#/admin/broadcast', 'Broadcast'), item('#/admin/models', 'Models')));
}
