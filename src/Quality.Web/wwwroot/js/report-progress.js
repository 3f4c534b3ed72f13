// Polls a report generation's state and moves the progress bar until the job is done; then offers the download.
(function () {
  const root = document.getElementById('report-status');
  if (!root) return;
  const field = name => root.querySelector(`[data-field="${name}"]`);
  const bar = root.querySelector('.bar');
  const progress = root.querySelector('.progress');

  function render(s) {
    const pct = Math.max(0, Math.min(100, s.percent));
    bar.style.width = pct + '%';
    progress.setAttribute('aria-valuenow', String(pct));
    field('percent').textContent = pct.toFixed(0);
    field('step').textContent = s.step || s.status;
    if (!s.done) return;
    const result = field('result');
    result.innerHTML = '';
    const p = document.createElement('p');
    if (s.error) {
      progress.classList.add('failed');
      p.className = 'error';
      p.setAttribute('role', 'alert');
      p.textContent = 'The report could not be made: ' + s.error;
    } else {
      progress.classList.add('done');
      const a = document.createElement('a');
      a.className = 'button';
      a.href = s.download;
      a.textContent = 'Download the report';
      p.appendChild(a);
    }
    result.appendChild(p);
  }

  async function poll() {
    try {
      const r = await fetch(`/api/v1/report-jobs/${root.dataset.id}`, { headers: { Accept: 'application/json' } });
      if (r.ok) {
        const s = await r.json();
        render(s);
        if (s.done) return;
      }
    } catch (e) { /* a dropped request: try again */ }
    setTimeout(poll, 500);
  }
  poll();
})();
