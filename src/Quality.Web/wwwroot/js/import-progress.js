// Polls the import job's state and moves the progress bar until the job is done; no page reload.
(function () {
  const root = document.getElementById('import-status');
  if (!root) return;
  const id = root.dataset.id;
  const field = name => root.querySelector(`[data-field="${name}"]`);
  const bar = root.querySelector('.bar');
  const progress = root.querySelector('.progress');
  const fmt = n => Number(n).toLocaleString('en-US');

  function render(s) {
    const pct = Math.max(0, Math.min(100, s.percent));
    bar.style.width = pct + '%';
    progress.setAttribute('aria-valuenow', String(pct));
    field('percent').textContent = pct.toFixed(1);
    field('rows').textContent = fmt(s.rows);
    field('rate').textContent = fmt(s.rowsPerSecond);
    field('elapsed').textContent = Number(s.elapsedSeconds).toFixed(1);
    field('status').textContent = s.status;
    if (!s.done) return;
    const result = field('result');
    if (s.error) {
      progress.classList.add('failed');
      result.innerHTML = '';
      const p = document.createElement('p');
      p.className = 'error';
      p.setAttribute('role', 'alert');
      p.textContent = 'The import failed and nothing was changed: ' + s.error;
      result.appendChild(p);
    } else if (s.summary) {
      progress.classList.add('done');
      const sum = s.summary;
      // The live counters stop with the job; the summary has the final ones.
      field('rows').textContent = fmt(sum.annotations);
      if (sum.elapsed_s > 0) field('rate').textContent = fmt(Math.round(sum.annotations / sum.elapsed_s));
      field('elapsed').textContent = Number(sum.elapsed_s).toFixed(1);
      const rows = [
        ['Format', sum.format], ['Annotations', fmt(sum.annotations)], ['New annotations', fmt(sum.annotations_added)],
        ['Replaced', fmt(sum.annotations_replaced)], ['Items', fmt(sum.items)], ['Annotators', fmt(sum.annotators)],
        ['Gold items', fmt(sum.gold_items)], ['Skipped', fmt(sum.skipped)], ['Fields', (sum.fields || []).join(', ')],
        ['Already imported', sum.already_imported ? 'yes (nothing added)' : 'no'],
      ];
      const table = document.createElement('table');
      table.className = 'data compact summary';
      for (const [k, v] of rows) {
        const tr = table.insertRow();
        const th = document.createElement('th'); th.scope = 'row'; th.textContent = k; tr.appendChild(th);
        tr.insertCell().textContent = v;
      }
      result.innerHTML = '';
      result.appendChild(table);
      for (const [reason, n] of Object.entries(sum.skipped_reasons || {})) {
        const p = document.createElement('p'); p.className = 'muted'; p.textContent = `Skipped ${n}: ${reason}`; result.appendChild(p);
      }
    }
  }

  async function poll() {
    try {
      const r = await fetch(`/api/v1/imports/${id}`, { headers: { Accept: 'application/json' } });
      if (r.ok) {
        const s = await r.json();
        render(s);
        if (s.done) return;
      }
    } catch (e) { /* transient; try again */ }
    setTimeout(poll, 300);
  }
  poll();
})();
