// The patient's care team: their clinic, the supporters they invited and
// what each may see, a one-time code to invite someone, and a thread with
// each supporter. Removing someone takes effect at once.
import { del, get, post, api } from '../lib/api.js';
import { bidi, h, add, mount, announce } from '../lib/dom.js';
import { currentUser } from '../lib/session.js';
import { button, checkboxGroup } from '../ui/controls.js';
import { notice, showError } from '../ui/feedback.js';
import { thread } from '../ui/messages.js';

const SHAREABLE = [
  ['progress', 'Progress: active minutes and exercise levels'],
  ['symptoms', 'Symptoms: your pain ratings, those in your diary too (never your notes)'],
];

function scopeText(scopes) {
  const extra = scopes.filter((s) => s === 'progress' || s === 'symptoms');
  return extra.length ? `Sessions, streak and messages, and ${extra.join(' and ')}.` : 'Sessions, streak and messages only.';
}

function inviteCard(userId) {
  let scopes = [];
  const slot = h('div');
  const make = button('Make an invitation code', async () => {
    make.disabled = true;
    try {
      const invite = await post(`/patients/${userId}/care-team/invitations`, { scopes });
      const link = `${location.origin}/signup?supporter=${encodeURIComponent(invite.code)}`;
      mount(slot, notice('success',
        h('p', { role: 'status' }, 'Give this code or link to the person you want on your team. It works once, for 7 days.'),
        h('p', h('code', { class: 'invite-code', 'data-testid': 'supporter-code' }, invite.code)),
        h('p', h('a', { href: link }, link))));
    } catch (e) {
      showError(slot, e);
    }
    make.disabled = false;
  }, { kind: 'secondary' });
  return h('section', { class: 'card', 'aria-labelledby': 'invite-title' },
    h('h2', { id: 'invite-title' }, 'Invite a supporter'),
    h('p', 'A coach, a friend or family. They always see how many sessions you do and your weekly streak, and can send you encouragement. They never see your screening answers or red flags.'),
    checkboxGroup({ name: 'share', legend: 'Also share (optional)', options: SHAREABLE, value: [], onChange: (v) => { scopes = v; } }),
    make, slot);
}

function memberCard(userId, member, messages, onRemoved) {
  const slot = h('div');
  let scopes = member.scopes.filter((s) => s === 'progress' || s === 'symptoms');
  const summary = h('p', { class: 'hint' }, 'Sees: ', scopeText(member.scopes));
  const save = button('Save what they see', async () => {
    try {
      const saved = await api('PUT', `/patients/${userId}/care-team/${member.id}`, { scopes });
      mount(summary, 'Sees: ', scopeText(saved.scopes));
      announce('Saved.');
    } catch (e) { showError(slot, e); }
  }, { kind: 'secondary' });
  const remove = button(['Remove ', bidi(member.display_name)], async () => {
    try {
      await del(`/patients/${userId}/care-team/${member.id}`);
      onRemoved(member);
    } catch (e) { showError(slot, e); }
  }, { kind: 'danger-outline' });
  return h('section', { class: 'card member', 'aria-label': member.display_name },
    h('h3', { dir: 'auto' }, member.display_name), summary,
    checkboxGroup({ name: `share-${member.id}`, legend: 'What they may also see', options: SHAREABLE, value: scopes, onChange: (v) => { scopes = v; } }),
    h('div', { class: 'actions' }, save, remove), slot,
    h('h4', 'Messages'),
    thread({ patientId: userId, to: member.id, messages: messages.filter((m) => m.member_id === member.id), label: ['Write to ', bidi(member.display_name)] }));
}

export async function careTeamPage(main) {
  const user = currentUser();
  const [team, { messages }] = await Promise.all([get(`/patients/${user.id}/care-team`), get(`/patients/${user.id}/messages`)]);
  const status = h('div');
  const members = h('div', { class: 'stack' });
  const onRemoved = (member) => {
    members.querySelector(`[aria-label="${CSS.escape(member.display_name)}"]`)?.remove();
    mount(status, notice('success', h('p', { role: 'status' }, bidi(member.display_name), ' is no longer on your care team and can no longer see anything of yours.')));
  };
  for (const m of team.supporters) add(members, memberCard(user.id, m, messages, onRemoved));
  add(main, h('h1', 'Your care team'),
    h('p', { class: 'lead' }, 'People who exercise with support tend to get relief sooner. You decide who is on your team and what each person sees.'),
    team.clinic ? h('section', { class: 'card' }, h('h2', 'Your clinic'), h('p', bidi(team.clinic.name), ': your clinicians see everything clinical, so they can look after you.')) : null,
    status,
    h('h2', 'Supporters'),
    team.supporters.length ? null : h('p', 'Nobody yet.'),
    members,
    inviteCard(user.id));
}
