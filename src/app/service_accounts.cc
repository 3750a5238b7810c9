// Accounts: sign-up (at once, or once the address is confirmed), clinic
// invitations, passwords (the policy, a change, a reset with a one-time
// token) and disabling an account.

#include "app/password.h"
#include "app/service.h"
#include "core/text.h"

namespace backcoach {

namespace {

bool LooksLikeEmail(const std::string& email) {
  const auto at = email.find('@');
  return at != std::string::npos && at > 0 && email.find('.', at) != std::string::npos &&
         email.size() <= 254 && email.find_first_of(" \t\r\n<>\"") == std::string::npos;
}

Status CheckName(const std::string& name) {
  if (name.empty() || name.size() > 100) {
    return Status::InvalidArgument("display_name must be 1 to 100 characters");
  }
  return Status::Ok();
}

const Status kBadInvitation =
    Status::InvalidArgument("the invitation code is not valid or has been used");
const Status kBadLink =
    Status::InvalidArgument("the link is not valid or has expired; ask for a new one");
const Status kNoSuchUser = Status::NotFound("no such user");

}  // namespace

Status Service::CheckPassword(const std::string& password, const std::string& email,
                              Role role) const {
  return backcoach::CheckPassword(password, email, role, content_.common_passwords);
}

Result<User> Service::CreateAccount(const std::string& email, const std::string& password,
                                    const std::string& display_name, Role role,
                                    const std::string& clinic_id) {
  if (!LooksLikeEmail(email)) return Status::InvalidArgument("email is not a valid address");
  if (Status s = CheckPassword(password, email, role); !s.ok()) return s;
  if (Status s = CheckName(display_name); !s.ok()) return s;
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  return StoreAccount(email, *hash, display_name, role, clinic_id);
}

Result<User> Service::StoreAccount(const std::string& email, const std::string& password_hash,
                                   const std::string& display_name, Role role,
                                   const std::string& clinic_id) {
  User user;
  user.email = LowerAscii(email);
  user.display_name = display_name;
  user.password_hash = password_hash;
  user.role = role;
  user.clinic_id = clinic_id;
  user.created_at = clock_.Now();
  if (Status s = store_.CreateUser(user); !s.ok()) {
    if (s.code() == StatusCode::kConflict) {
      return Status::Conflict("an account with this email already exists");
    }
    return s;
  }
  return user;
}

Result<PendingSignUp> Service::PrepareSignUp(const std::string& email, const std::string& password,
                                             const std::string& display_name,
                                             const std::string& code,
                                             const std::string& supporter_code) {
  json pending = {{"invitation_hash", ""}, {"supporter", nullptr}};
  Role role = Role::kPatient;
  if (!supporter_code.empty()) {
    auto invite = FindInvite(supporter_code);
    if (!invite.ok()) return invite.status();
    role = Role::kSupporter;
    pending["supporter"] = {{"patient_id", invite->patient_id},
                            {"code_hash", invite->code_hash},
                            {"scopes", invite->scopes}};
  }
  if (!LooksLikeEmail(email)) return Status::InvalidArgument("email is not a valid address");
  if (Status s = CheckPassword(password, email, role); !s.ok()) return s;
  if (Status s = CheckName(display_name); !s.ok()) return s;
  if (role == Role::kPatient && !code.empty()) {
    const std::string hash = Sha256Hex(code);
    auto invitation = store_.GetInvitation(hash);
    if (!invitation.ok() || !invitation->used_by.empty() || invitation->expires_at < clock_.Now()) {
      return kBadInvitation;
    }
    pending["invitation_hash"] = hash;
  }
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  pending["email"] = LowerAscii(email);
  pending["display_name"] = display_name;
  pending["password_hash"] = *hash;
  return PendingSignUp{pending["email"].get<std::string>(), pending};
}

Result<User> Service::CompleteSignUp(const json& pending) {
  const std::string invitation_hash = pending.value("invitation_hash", "");
  const bool supporter = pending.contains("supporter") && pending["supporter"].is_object();
  std::string clinic_id;
  if (!invitation_hash.empty()) {
    auto invitation = store_.GetInvitation(invitation_hash);
    if (!invitation.ok() || !invitation->used_by.empty() || invitation->expires_at < clock_.Now()) {
      return kBadInvitation;
    }
    clinic_id = invitation->clinic_id;
  }
  auto user = StoreAccount(pending.value("email", ""), pending.value("password_hash", ""),
                           pending.value("display_name", ""),
                           supporter ? Role::kSupporter : Role::kPatient, clinic_id);
  if (!user.ok()) return user.status();
  if (supporter) {
    const json& s = pending["supporter"];
    SupporterInvite invite{s.value("patient_id", ""), s.value("code_hash", ""),
                           s.value("scopes", "")};
    if (Status used = UseInvite(invite, *user); !used.ok()) {
      store_.EraseUser(user->id);
      return used;
    }
    return user;
  }
  if (!invitation_hash.empty()) {
    if (Status s = store_.UseInvitation(invitation_hash, user->id); !s.ok()) {
      store_.EraseUser(user->id);
      return kBadInvitation;
    }
  }
  if (Status s = RefreshSummary(*user, nullptr); !s.ok()) return s;
  return user;
}

Result<User> Service::SignUp(const std::string& email, const std::string& password,
                             const std::string& display_name, const std::string& code) {
  auto pending = PrepareSignUp(email, password, display_name, code, "");
  if (!pending.ok()) return pending.status();
  return CompleteSignUp(pending->record);
}

Result<User> Service::SignUpSupporter(const std::string& email, const std::string& password,
                                      const std::string& display_name, const std::string& code) {
  auto pending = PrepareSignUp(email, password, display_name, "", code);
  if (!pending.ok()) return pending.status();
  return CompleteSignUp(pending->record);
}

Result<std::string> Service::CreateToken(TokenKind kind, const std::string& user_id,
                                         const json& pending, Timestamp lifetime) {
  const std::string token = RandomHex(32);
  AccountToken stored{Sha256Hex(token), kind,         user_id,
                      pending.dump(),   clock_.Now(), clock_.Now() + lifetime};
  if (Status s = store_.CreateAccountToken(stored); !s.ok()) return s;
  return token;
}

// A token of `kind` that may still be used, without using it up.
static Result<AccountToken> PeekToken(Store& store, const Clock& clock, TokenKind kind,
                                      const std::string& token) {
  if (token.empty() || token.size() > 128) return kBadLink;
  auto found = store.GetAccountToken(Sha256Hex(token));
  if (!found.ok()) {
    return found.status().code() == StatusCode::kNotFound ? kBadLink : found.status();
  }
  if (found->kind != kind || found->expires_at < clock.Now()) return kBadLink;
  if (!found->user_id.empty()) {
    auto user = store.GetUser(found->user_id);
    if (!user.ok() || user->disabled) return kBadLink;
  }
  return found;
}

Result<AccountToken> Service::TakeToken(TokenKind kind, const std::string& token) {
  auto found = PeekToken(store_, clock_, kind, token);
  if (!found.ok()) return found.status();
  // Deleting it is what makes it single-use, across servers.
  Status used = store_.UseAccountToken(found->token_hash);
  if (used.code() == StatusCode::kNotFound) return kBadLink;
  if (!used.ok()) return used;
  return found;
}

Status Service::SetPassword(const User& user, const std::string& password,
                            const std::string& keep_session) {
  if (Status s = CheckPassword(password, user.email, user.role); !s.ok()) return s;
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  User changed = user;
  changed.password_hash = *hash;
  if (Status s = store_.UpdateUser(changed); !s.ok()) return s;
  return store_.DeleteSessionsOf(user.id, keep_session);
}

Result<User> Service::ResetPassword(const std::string& token, const std::string& password) {
  auto found = PeekToken(store_, clock_, TokenKind::kReset, token);
  if (!found.ok()) return found.status();
  auto user = store_.GetUser(found->user_id);
  if (!user.ok()) return kBadLink;
  // The policy first: a password refused leaves the link usable.
  if (Status s = CheckPassword(password, user->email, user->role); !s.ok()) return s;
  auto taken = TakeToken(TokenKind::kReset, token);
  if (!taken.ok()) return taken.status();
  if (Status s = SetPassword(*user, password, ""); !s.ok()) return s;
  return user;
}

Result<Invitation> Service::Invite(const User& clinician) {
  const std::string code = RandomHex(6);
  Invitation invitation;
  invitation.code = Sha256Hex(code);
  invitation.clinic_id = clinician.clinic_id;
  invitation.created_by = clinician.id;
  invitation.created_at = clock_.Now();
  invitation.expires_at = invitation.created_at + 30 * 86400;
  if (Status s = store_.CreateInvitation(invitation); !s.ok()) return s;
  invitation.code = code;  // handed out once, never kept
  return invitation;
}

Result<Clinic> Service::JoinClinic(const User& patient, const std::string& code) {
  if (patient.role != Role::kPatient)
    return Status::PermissionDenied("only a patient joins a clinic");
  if (!patient.clinic_id.empty()) return Status::Conflict("your account is already with a clinic");
  if (code.empty() || code.size() > 128) return kBadInvitation;
  const std::string hash = Sha256Hex(code);
  auto invitation = store_.GetInvitation(hash);
  if (!invitation.ok()) {
    return invitation.status().code() == StatusCode::kNotFound ? kBadInvitation
                                                               : invitation.status();
  }
  if (!invitation->used_by.empty()) return kBadInvitation;
  if (invitation->expires_at < clock_.Now()) {
    return Status::InvalidArgument(
        "the invitation code has expired; ask your clinic for a new one");
  }
  auto clinic = store_.GetClinic(invitation->clinic_id);
  if (!clinic.ok()) return clinic.status();
  // Claimed in the store: of two uses at once, one gets Conflict.
  if (Status s = store_.UseInvitation(hash, patient.id); !s.ok()) {
    return s.code() == StatusCode::kConflict ? kBadInvitation : s;
  }
  User joined = patient;
  joined.clinic_id = invitation->clinic_id;
  if (Status s = store_.UpdateUser(joined); !s.ok()) return s;
  // The clinic's list reads the summary: it moves with the patient.
  auto plan = CurrentPlan(patient.id);
  const StatusCode failed = plan.ok() ? StatusCode::kOk : plan.status().code();
  if (failed == StatusCode::kUnavailable || failed == StatusCode::kInternal) return plan.status();
  if (Status s = RefreshSummary(joined, plan.ok() ? plan->first.get() : nullptr); !s.ok()) {
    return s;
  }
  return clinic;
}

Result<User> Service::ManagedBy(const User& admin, const std::string& user_id) {
  auto user = store_.GetUser(user_id);
  if (!user.ok()) {
    return user.status().code() == StatusCode::kNotFound ? kNoSuchUser : user.status();
  }
  if (admin.clinic_id.empty()) return kNoSuchUser;
  if (user->clinic_id == admin.clinic_id) return user;
  if (user->role != Role::kSupporter) return kNoSuchUser;
  auto supported = store_.ListSupported(user->id);
  if (!supported.ok()) return supported.status();
  for (const CareMember& m : *supported) {
    auto patient = store_.GetUser(m.patient_id);
    if (patient.ok() && patient->clinic_id == admin.clinic_id) return user;
  }
  return kNoSuchUser;
}

Status Service::SetDisabled(const User& admin, const std::string& user_id, bool disabled) {
  auto user = ManagedBy(admin, user_id);
  if (!user.ok()) return user.status();
  if (user->id == admin.id) return Status::Conflict("you cannot disable your own account");
  return SetDisabled(*std::move(user), disabled);
}

Status Service::SetDisabled(User user, bool disabled) {
  user.disabled = disabled;
  if (Status s = store_.UpdateUser(user); !s.ok()) return s;
  if (disabled) return store_.DeleteSessionsOf(user.id);
  return Status::Ok();
}

}  // namespace backcoach
