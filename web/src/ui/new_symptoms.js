// "Anything new or worrying?": new symptoms reported with a session log. The
// engine screens the intake again with them (docs/progress.md), so each
// answer is an intake field. Only what changed is sent.
import { h, add, mount } from '../lib/dom.js';
import { checkboxGroup, choiceGroup, yesNo } from './controls.js';

const SIGNS = [
  ['saddle_numbness', 'Numbness around your genitals, your bottom or your inner thighs'],
  ['bladder_or_bowel_change', 'New trouble passing urine, or losing control of your bladder or bowels'],
  ['sexual_dysfunction_new', 'New problems with sexual function'],
  ['fever_or_chills', 'A fever, or feeling hot and shivery'],
  ['feeling_unwell', 'Feeling generally unwell, not just sore'],
  ['constant_night_pain', 'Pain all night that does not ease with rest or a change of position'],
];

// intake: the current intake (the plan's request); saved: what `.fields()`
// gave before (an unfinished session kept on the device), or nothing;
// onChange: called after each answer. Returns the element; `.fields()` gives what to send.
export function newSymptoms(intake, { saved = {}, onChange = () => {} } = {}) {
  const ticked = new Set(SIGNS.map(([k]) => k).filter((k) => saved[k] === true && !intake[k]));
  const legs = {
    leg_symptoms: intake.leg_symptoms, leg_symptom_sides: intake.leg_symptom_sides,
    leg_numbness_or_tingling: intake.leg_numbness_or_tingling, leg_weakness: intake.leg_weakness,
  };
  for (const k of Object.keys(legs)) if (saved[k] !== undefined) legs[k] = saved[k];
  const legBox = h('div', { class: 'stack' });
  const drawLegs = () => {
    const any = legs.leg_symptoms !== 'none';
    mount(legBox, 
      choiceGroup({ name: 'now-leg', legend: 'Pain, numbness or tingling going into a leg now?', value: legs.leg_symptoms,
        options: [['none', 'No'], ['above_knee', 'Yes, not below the knee'], ['below_knee', 'Yes, below the knee']],
        onChange: (v) => {
          legs.leg_symptoms = v;
          if (v === 'none') { legs.leg_symptom_sides = 'none'; legs.leg_numbness_or_tingling = false; }
          else if (legs.leg_symptom_sides === 'none') legs.leg_symptom_sides = 'one';
          drawLegs();
          onChange();
        } }),
      any ? choiceGroup({ name: 'now-sides', legend: 'In one leg or both?', value: legs.leg_symptom_sides,
        options: [['one', 'One leg'], ['both', 'Both legs']], onChange: (v) => { legs.leg_symptom_sides = v; onChange(); } }) : null,
      any ? yesNo({ name: 'now-numb', legend: 'Is there numbness or tingling?', value: legs.leg_numbness_or_tingling,
        onChange: (v) => { legs.leg_numbness_or_tingling = v; onChange(); } }) : null,
      choiceGroup({ name: 'now-weak', legend: 'Does a leg feel weak?', value: legs.leg_weakness,
        options: [['none', 'No'], ['stable', 'Yes, not getting worse'], ['worsening', 'Yes, getting worse']],
        onChange: (v) => { legs.leg_weakness = v; onChange(); } }));
  };
  drawLegs();
  const el = h('details', { class: 'new-symptoms', open: Object.keys(saved).length > 0 },
    h('summary', 'Anything new or worrying since you started?'),
    h('p', 'Tell us here, and we will check your answers again straight away.'),
    checkboxGroup({
      name: 'signs', legend: 'Tick anything that is new', options: SIGNS.filter(([k]) => !intake[k]), value: [...ticked],
      onChange: (v) => { ticked.clear(); v.forEach((k) => ticked.add(k)); onChange(); },
    }),
    legBox);
  el.fields = () => {
    const out = {};
    for (const k of ticked) out[k] = true;
    for (const [k, v] of Object.entries(legs)) if (v !== intake[k]) out[k] = v;
    if (Object.keys(out).some((k) => k.startsWith('leg_'))) Object.assign(out, legs);  // kept consistent as a set
    return out;
  };
  return el;
}
