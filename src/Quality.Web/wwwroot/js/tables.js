// Sortable tables: each column title becomes a button (keyboard and screen-reader friendly) that sorts the rows
// by the cells' data-value (numbers numerically, text alphabetically); aria-sort tells which way.
(function () {
  function compare(a, b, numeric) {
    if (a === null && b === null) return 0;
    if (a === null) return 1;           // empty cells last, whichever the direction
    if (b === null) return -1;
    return numeric ? a - b : a.localeCompare(b, 'en');
  }

  function value(row, index, numeric) {
    const cell = row.cells[index];
    if (!cell) return null;
    const raw = cell.dataset.value;
    if (raw === undefined || raw === '') return null;
    return numeric ? Number(raw) : raw.toLowerCase();
  }

  function sortBy(table, index, button) {
    const th = button.closest('th');
    const ascending = th.getAttribute('aria-sort') !== 'ascending';
    for (const other of table.tHead.rows[0].cells) other.removeAttribute('aria-sort');
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const numeric = rows.every(r => { const v = value(r, index, false); return v === null || !isNaN(Number(v)); });
    rows.sort((a, b) => {
      const va = value(a, index, numeric), vb = value(b, index, numeric);
      if (va === null || vb === null) return compare(va, vb, numeric);
      return (ascending ? 1 : -1) * compare(va, vb, numeric);
    });
    for (const r of rows) body.appendChild(r);
    const status = table.parentElement.querySelector('.sort-status') || (() => {
      const s = document.createElement('p');
      s.className = 'sort-status sr-only';
      s.setAttribute('aria-live', 'polite');
      table.parentElement.appendChild(s);
      return s;
    })();
    status.textContent = `Sorted by ${button.textContent}, ${ascending ? 'ascending' : 'descending'}`;
  }

  for (const table of document.querySelectorAll('table.sortable')) {
    if (!table.tHead || !table.tBodies.length || table.tBodies[0].rows.length < 2) continue;
    Array.from(table.tHead.rows[0].cells).forEach((th, index) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      button.textContent = th.textContent.trim();
      th.textContent = '';
      th.appendChild(button);
      button.addEventListener('click', () => sortBy(table, index, button));
    });
  }
})();
