// The lesson's quiz (`GET /lessons/{id}/quiz`, no answers in it). Each answer is sent as a
// `quiz_attempt` through the offline queue; the server grades it and its `results` give the
// immediate feedback. Offline, the answer is kept and graded when it reaches the server.
import { h, notice, clear } from '../dom.js';
import { api, session, sendProgress } from '../api.js';

const waiting = new Map(); // Idempotency-Key → callback(server answer), for answers sent later

window.addEventListener('wave3:outbox', (event) => {
  for (const { key, data } of event.detail?.results || []) {
    waiting.get(key)?.(data);
    waiting.delete(key);
  }
});

async function masteryOf(skill) {
  try {
    const data = await api(`/learners/${encodeURIComponent(session().user.id)}/mastery`);
    return (data.skills || []).find((s) => s.skill === skill)?.mastery;
  } catch (e) {
    return undefined;
  }
}

export async function renderQuiz(box, lesson) {
  const tally = { graded: 0, correct: 0 };
  box.append(h('h2', { id: 'quiz-title' }, 'Quiz'));
  let quiz;
  try {
    quiz = await api(`/lessons/${encodeURIComponent(lesson.id)}/quiz`);
  } catch (e) {
    box.append(notice(e.missingFeature ? 'Quizzes are not available on this server yet.'
      : e.offline ? 'This quiz has not been saved on this device yet.' : e.message));
    return tally;
  }
  const items = quiz?.items || [];
  if (!items.length) { box.append(notice('This lesson has no quiz.')); return tally; }
  if (!session()) { box.append(notice('Log in to answer the quiz.')); }
  items.forEach((item, index) => box.append(question(item, index, lesson, tally)));
  return tally;
}

function question(item, index, lesson, tally) {
  const name = `q-${item.id}`;
  const feedback = h('div.feedback', { 'aria-live': 'polite' });
  const choices = (item.choices || []).map((choice, i) =>
    h('label.choice', h('input', { type: 'radio', name, value: String(i), required: true }), ' ', choice));
  const submit = h('button', { type: 'submit', disabled: !session() }, 'Check answer');
  const form = h('form.card.question', { dataset: { item: item.id } },
    h('fieldset', h('legend', `${index + 1}. ${item.prompt}`), choices), submit, feedback);
  const show = (data, skill) => {
    clear(feedback);
    const result = (data?.results || []).find((r) => r.itemId === item.id);
    if (!result) { feedback.append(notice('Recorded.', 'success')); return; }
    tally.graded++;
    if (result.correct) tally.correct++;
    form.dataset.result = result.correct ? 'correct' : 'wrong';
    feedback.append(notice(result.correct ? 'Correct!' : 'Not quite. Read the lesson again and try the next one.', result.correct ? 'success' : 'error'));
    if (skill) masteryOf(skill).then((m) => {
      if (m !== undefined) feedback.append(h('p.mastery-line', `Your mastery of ${skill}: ${Math.round(m)} / 100`));
    });
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const picked = form.querySelector(`input[name="${CSS.escape(name)}"]:checked`);
    if (!picked) { clear(feedback); feedback.append(notice('Pick an answer first.', 'error')); return; }
    submit.disabled = true;
    form.querySelectorAll('input').forEach((i) => { i.disabled = true; });
    try {
      const sent = await sendProgress([{ type: 'quiz_attempt', lessonId: lesson.id, itemId: item.id, answer: Number(picked.value) }]);
      if (sent.queued) {
        clear(feedback);
        form.dataset.result = 'queued';
        feedback.append(notice('Saved on this device. It will be graded when you are back online.'));
        waiting.set(sent.key, (data) => show(data, item.skill));
      } else {
        show(sent.data, item.skill);
      }
    } catch (e) {
      clear(feedback);
      feedback.append(notice(e.message, 'error'));
      submit.disabled = false;
      form.querySelectorAll('input').forEach((i) => { i.disabled = false; });
    }
  });
  return form;
}
