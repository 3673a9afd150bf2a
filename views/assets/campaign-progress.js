/*
 * Recado's campaign page: asks the app for the campaign's progress every two seconds and
 * updates the bar, the counts, the status and the buttons the status allows, without a
 * reload. Stops once the campaign is completed or cancelled. Plain script, no build step.
 */
/* global document, window */
(function () {
  'use strict';

  /** Time between two questions, in ms; doubled after a failure, up to MAX_MS. */
  const POLL_MS = 2000;
  const MAX_MS = 16000;

  function setup(root) {
    const config = JSON.parse(root.getAttribute('data-progress-config'));
    const text = config.text;
    const bar = root.querySelector('[data-progress-bar]');
    const percent = root.querySelector('[data-percent]');
    const summary = root.querySelector('[data-progress-summary]');
    const label = root.querySelector('[data-status-label]');
    const enqueuing = root.querySelector('[data-enqueuing]');
    const note = root.querySelector('[data-progress-note]');
    let wait = POLL_MS;
    let lastStatus = label ? label.className : '';

    const show = (progress) => {
      bar.value = progress.percent;
      bar.textContent = `${progress.percent}%`;
      percent.textContent = `${progress.percent}%`;
      summary.textContent = progress.summary;
      for (const cell of root.querySelectorAll('[data-count]')) {
        cell.textContent = String(progress.counts[cell.getAttribute('data-count')] ?? 0);
      }
      label.textContent = progress.statusLabel;
      label.className = `badge ${progress.status}`;
      enqueuing.hidden = !progress.enqueuing;
      for (const element of root.querySelectorAll('[data-action]')) {
        element.hidden = !progress.actions.includes(element.getAttribute('data-action'));
      }
      if (progress.final) note.textContent = text.finished;
      else if (label.className !== lastStatus) note.textContent = '';
      lastStatus = label.className;
    };

    const ask = async () => {
      if (document.hidden) return schedule();
      try {
        const response = await fetch(config.progressUrl, {
          headers: { accept: 'application/json' },
          credentials: 'same-origin',
        });
        const answer = await response.json();
        if (!response.ok) throw new Error(answer.error ? answer.error.message : text.poll_failed);
        show(answer);
        wait = POLL_MS;
        if (answer.final) return;
      } catch (error) {
        note.textContent = error instanceof Error && error.message ? error.message : text.poll_failed;
        wait = Math.min(wait * 2, MAX_MS);
      }
      schedule();
    };
    const schedule = () => window.setTimeout(ask, wait);

    for (const form of root.querySelectorAll('form[data-confirm]')) {
      form.addEventListener('submit', (event) => {
        if (!window.confirm(text.confirm_cancel)) event.preventDefault();
      });
    }
    const initial = JSON.parse(root.getAttribute('data-progress') || 'null');
    if (!initial || !initial.final) schedule();
  }

  const start = () => document.querySelectorAll('[data-campaign]').forEach(setup);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
