// The intake's questions, one topic per screen, in plain words. Each field
// is one key of the plan request (docs/screen.md, docs/plan.md); the server
// decides what the answers mean. Screening questions come first, so someone
// with a worrying answer reaches the result with as few screens as possible.

const yes = (a, k) => a[k] === true;
const legs = (a) => a.leg_symptoms !== undefined && a.leg_symptoms !== 'none';

export const STEPS = [
  {
    id: 'about',
    title: 'About you',
    fields: [
      { key: 'age', type: 'number', label: 'How old are you?', unit: 'years', min: 0, max: 120 },
      { key: 'pain_duration_weeks', type: 'duration', label: 'How long have you had this back pain?',
        hint: 'Since it started this time. A rough answer is fine.' },
      { key: 'first_episode', type: 'yesno', label: 'Is this the first time in your life you have had back pain?' },
    ],
  },
  {
    id: 'pain',
    title: 'Your pain',
    fields: [
      { key: 'pain_now', type: 'scale', label: 'How strong is your back pain right now?',
        minLabel: 'no pain', maxLabel: 'the worst pain you can imagine' },
      { key: 'pain_trend', type: 'choice', label: 'Over the last few days, your pain is…',
        options: [['improving', 'getting better'], ['stable', 'about the same'], ['worsening', 'getting worse']] },
      { key: 'widespread_pain', type: 'yesno', label: 'Do you also have pain in several other parts of your body?' },
      { key: 'thoracic_pain', type: 'yesno', label: 'Do you have pain higher up your back, between your shoulder blades?' },
      { key: 'morning_stiffness_over_30_min', type: 'yesno', label: 'Is your back stiff for more than half an hour after you get up?' },
    ],
  },
  {
    id: 'legs',
    title: 'Your legs',
    intro: 'Back trouble sometimes sends pain, numbness, tingling or burning into a leg.',
    fields: [
      { key: 'leg_symptoms', type: 'choice', label: 'Do you feel anything like that in a leg?',
        options: [['none', 'No'], ['above_knee', 'Yes, but not below the knee'], ['below_knee', 'Yes, below the knee']] },
      { key: 'leg_symptom_sides', type: 'choice', label: 'In one leg or both?', when: legs, otherwise: 'none',
        options: [['one', 'One leg'], ['both', 'Both legs']] },
      { key: 'leg_numbness_or_tingling', type: 'yesno', label: 'Is there numbness or tingling in that leg?', when: legs, otherwise: false },
      { key: 'leg_weakness', type: 'choice', label: 'Does either leg feel weak, for example giving way or catching your foot?',
        options: [['none', 'No'], ['stable', 'Yes, but it is not getting worse'], ['worsening', 'Yes, and it is getting worse']] },
    ],
  },
  {
    id: 'signs',
    title: 'A few important questions',
    intro: 'These are rare, but we ask everyone, because they need a doctor quickly.',
    urgentHelp: true,
    fields: [
      { key: 'saddle_numbness', type: 'yesno', label: 'Is there numbness around your genitals, your bottom or your inner thighs?' },
      { key: 'bladder_or_bowel_change', type: 'yesno', label: 'Have you had new trouble passing urine, or any loss of control of your bladder or bowels?' },
      { key: 'sexual_dysfunction_new', type: 'yesno', label: 'Have you noticed new problems with sexual function?' },
    ],
  },
  {
    id: 'health',
    title: 'Your general health',
    fields: [
      { key: 'fever_or_chills', type: 'yesno', label: 'Have you had a fever, or felt hot and shivery?' },
      { key: 'feeling_unwell', type: 'yesno', label: 'Do you feel generally unwell, not just sore?' },
      { key: 'unexplained_weight_loss', type: 'yesno', label: 'Have you lost weight recently without trying?' },
      { key: 'constant_night_pain', type: 'yesno', label: 'Is the pain there all night, even when you rest or change position?' },
      { key: 'cancer_history', type: 'yesno', label: 'Have you ever had cancer?' },
      { key: 'immunosuppressed_or_iv_drug_use', type: 'yesno',
        label: 'Do you take medicine that weakens your immune system, or inject drugs?' },
      { key: 'recent_infection_or_spinal_procedure', type: 'yesno',
        label: 'Have you recently had a serious infection, or an injection or operation on your spine?' },
    ],
  },
  {
    id: 'injury',
    title: 'Falls and bones',
    fields: [
      { key: 'trauma', type: 'choice', label: 'Did the pain start after a fall or an accident?',
        options: [['none', 'No'], ['minor', 'Yes, a fall from standing height or less'], ['major', 'Yes, a road accident or a fall from a height']] },
      { key: 'osteoporosis_or_long_term_steroids', type: 'yesno',
        label: 'Do you have thin bones (osteoporosis), or have you taken steroid tablets for a long time?' },
    ],
  },
  {
    id: 'week',
    title: 'Your week',
    intro: 'Now a few questions to fit the plan to your life.',
    fields: [
      { key: 'activity_level', type: 'choice', label: 'How active are you these days?',
        options: [['inactive', 'Not very: mostly sitting'], ['light', 'A little: some walking, light chores'], ['active', 'Quite active: sport or exercise most weeks']] },
      { key: 'minutes_per_day', type: 'choice', label: 'How much time could you give it on a day you exercise?',
        options: [[10, '10 minutes'], [15, '15 minutes'], [20, '20 minutes'], [25, '25 minutes'], [30, '30 minutes'], [45, '45 minutes'], [60, 'An hour']] },
      { key: 'days_per_week', type: 'choice', label: 'How many days a week?',
        options: [[2, '2'], [3, '3'], [4, '4'], [5, '5'], [6, '6'], [7, '7']] },
    ],
  },
  {
    id: 'likes',
    title: 'What you have and what you enjoy',
    fields: [
      { key: 'equipment', type: 'multi', label: 'What do you have at home or nearby?', hint: 'Tick all that apply, or none.',
        options: [['mat', 'An exercise mat'], ['chair', 'A sturdy chair'], ['wall', 'A clear wall'], ['step', 'A step or stair'],
          ['resistance_band', 'A resistance band'], ['dumbbells', 'Dumbbells or light weights'], ['stationary_bike', 'An exercise bike'],
          ['pool', 'A swimming pool'], ['gym', 'A gym']] },
      { key: 'likes', type: 'multi', label: 'What do you enjoy, or would like to try?', hint: 'Tick any that appeal.',
        options: [['walking', 'Walking'], ['cycling', 'Cycling'], ['swimming', 'Swimming'], ['water', 'Exercise in water'],
          ['yoga', 'Yoga'], ['pilates', 'Pilates'], ['strength', 'Strength training']] },
      { key: 'dislikes', type: 'multi', label: 'Anything you would rather avoid?', hint: 'We will put these last.',
        options: [['walking', 'Walking'], ['cycling', 'Cycling'], ['swimming', 'Swimming'], ['water', 'Exercise in water'],
          ['yoga', 'Yoga'], ['pilates', 'Pilates'], ['strength', 'Strength training']] },
    ],
  },
  {
    id: 'goals',
    title: 'What matters to you',
    fields: [
      { key: 'goals', type: 'goals', label: 'What would you like to be able to do again?',
        hint: 'Up to three things, in your own words: "garden for an hour", "pick up my grandson".' },
      { key: 'fear', type: 'fear', label: 'How worried are you that moving or exercising will hurt or damage your back?',
        minLabel: 'not worried at all', maxLabel: 'extremely worried',
        hint: 'There is no right answer. It helps us choose how gently to start.' },
    ],
  },
];

// Whether a field is asked, given the answers so far.
export function asked(field, answers) {
  return !field.when || field.when(answers);
}

// What is still missing on a step, as plain sentences (empty when complete).
export function missing(step, answers) {
  const out = [];
  for (const f of step.fields) {
    if (!asked(f, answers) || f.type === 'multi' || f.type === 'goals') continue;
    const v = answers[f.key];
    if (v === undefined || v === null || v === '' || Number.isNaN(v)) out.push({ key: f.key, text: `Please answer: ${f.label}` });
    else if (f.type === 'number' && (v < f.min || v > f.max || !Number.isInteger(v))) {
      out.push({ key: f.key, text: `Please enter a whole number from ${f.min} to ${f.max}.` });
    }
  }
  return out;
}

// Fills in the answers to questions that were not asked (e.g. which leg, when no leg is affected).
export function settle(answers) {
  const out = { ...answers };
  for (const step of STEPS) {
    for (const f of step.fields) if (!asked(f, out) && 'otherwise' in f) out[f.key] = f.otherwise;
  }
  return out;
}

// The intake's own fields (the screen's), as the API names them.
const INTAKE_FIELDS = ['age', 'pain_duration_weeks', 'pain_now', 'pain_trend', 'leg_symptoms', 'leg_symptom_sides',
  'leg_numbness_or_tingling', 'leg_weakness', 'saddle_numbness', 'bladder_or_bowel_change', 'sexual_dysfunction_new',
  'fever_or_chills', 'unexplained_weight_loss', 'cancer_history', 'trauma', 'osteoporosis_or_long_term_steroids',
  'immunosuppressed_or_iv_drug_use', 'recent_infection_or_spinal_procedure', 'constant_night_pain', 'feeling_unwell',
  'widespread_pain', 'first_episode', 'thoracic_pain', 'morning_stiffness_over_30_min'];

// The answers given so far, for the server's screen of an unfinished intake:
// only what the person said (a follow-up not asked counts once its question is answered).
export function answersSoFar(answers) {
  const a = answers.leg_symptoms === undefined ? answers : settle(answers);
  const out = {};
  for (const key of INTAKE_FIELDS) {
    const v = a[key];
    if (v !== undefined && v !== null && v !== '' && !Number.isNaN(v)) out[key] = v;
  }
  return out;
}

// The plan request the API takes, from the answers (fear is sent separately first).
export function planRequest(answers, fearLevel, startDate) {
  const a = settle(answers);
  const request = {};
  for (const step of STEPS) {
    for (const f of step.fields) {
      if (f.key === 'fear') continue;
      if (f.type === 'multi' || f.type === 'goals') request[f.key] = (a[f.key] || []).filter((x) => String(x).trim() !== '');
      else if (a[f.key] !== undefined) request[f.key] = a[f.key];
    }
  }
  if (fearLevel) request.fear_of_movement = fearLevel;
  request.start_date = startDate;
  return request;
}

// How each answer reads back on the review screen.
export function describe(field, value) {
  if (value === undefined || value === null) return 'not answered';
  if (field.type === 'yesno') return value ? 'Yes' : 'No';
  if (field.type === 'choice') {
    const o = field.options.find(([v]) => String(v) === String(value));
    return o ? o[1] : String(value);
  }
  if (field.type === 'multi') {
    const names = (value || []).map((v) => (field.options.find(([k]) => k === v) || [v, v])[1]);
    return names.length ? names.join(', ') : 'none';
  }
  if (field.type === 'goals') return (value || []).filter(Boolean).join('; ') || 'none given';
  if (field.type === 'duration') return durationText(value);
  if (field.type === 'number') return `${value} ${field.unit || ''}`.trim();
  return `${value} out of 10`;
}

export function durationText(weeks) {
  if (weeks < 1) return `${Math.round(weeks * 7)} days`;
  if (weeks < 9) return `${Math.round(weeks * 10) / 10} weeks`;
  if (weeks < 104) return `${Math.round(weeks / 4.345)} months`;
  return `${Math.round(weeks / 52.18)} years`;
}
