// The Users page: everyone who can sign in, with an admin's controls per user (role,
// deactivate or reactivate, sign out everywhere, a new password) and a form to add a user.
// Every change but adding and reactivating ends the user's sessions at once.
"use client";

import { useState } from "react";
import type { Jsonify } from "@/lib/client/api";
import type { UserView } from "@/lib/auth/user-admin";
import type { Role } from "@/lib/generated/prisma/enums";
import { roles } from "@/lib/auth/roles";
import { useUserCommands } from "@/lib/client/user-commands";
import { RelativeTime } from "@/components/relative-time";

type UserJson = Jsonify<UserView>;
type Commands = ReturnType<typeof useUserCommands>;
/** Passed down from the server: lib/auth/password.ts is not for the browser. */
type Props = { commands: Commands; minLength: number };

// Changing one's own account signs oneself out: say so first.
const confirmSelf = (isMe: boolean, what: string) =>
  !isMe || window.confirm(`${what} ends your own session: you will sign in again. Go on?`);

function AddUserForm({ commands, minLength }: Props) {
  const empty = { email: "", name: "", role: "viewer" as Role, password: "" };
  const [form, setForm] = useState(empty);
  const field = (key: keyof typeof empty) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
  });
  return (
    <form
      className="users-add"
      data-testid="user-add"
      onSubmit={(e) => {
        e.preventDefault();
        commands.add(form, (o) => o.ok && setForm(empty));
      }}
    >
      <label>
        Email <input type="email" required maxLength={320} {...field("email")} data-testid="user-add-email" />
      </label>
      <label>
        Name <input maxLength={200} {...field("name")} />
      </label>
      <label>
        Role{" "}
        <select {...field("role")} data-testid="user-add-role">
          {roles.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <label>
        Password <input type="password" autoComplete="new-password" required minLength={minLength} {...field("password")} />
      </label>
      <button type="submit" disabled={commands.pending}>
        Add user
      </button>
    </form>
  );
}

function PasswordForm({ user, isMe, commands, minLength }: Props & { user: UserJson; isMe: boolean }) {
  const [password, setPassword] = useState("");
  return (
    <form
      className="users-password"
      onSubmit={(e) => {
        e.preventDefault();
        if (confirmSelf(isMe, "A new password")) commands.setPassword(user.id, password, (o) => o.ok && setPassword(""));
      }}
    >
      <input
        type="password"
        autoComplete="new-password"
        required
        minLength={minLength}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        aria-label={`New password for ${user.email}`}
        placeholder={`new password (${minLength}+ characters)`}
      />
      <button type="submit" disabled={commands.pending}>
        Set
      </button>
    </form>
  );
}

function UserRow({ user, isMe, commands, minLength }: Props & { user: UserJson; isMe: boolean }) {
  const disabled = user.disabledAt !== null;
  return (
    <tr className={disabled ? "disabled" : undefined} data-testid="user-row">
      <td>
        {user.email}
        {isMe && " (you)"}
      </td>
      <td>{user.name ?? "—"}</td>
      <td>
        <select
          value={user.role}
          disabled={commands.pending}
          aria-label={`Role of ${user.email}`}
          onChange={(e) => confirmSelf(isMe, "Changing your role") && commands.changeRole(user.id, e.target.value as Role)}
        >
          {roles.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </td>
      <td>{disabled ? "deactivated" : "enabled"}</td>
      <td>{user.lastLoginAt ? <RelativeTime iso={user.lastLoginAt} /> : "never"}</td>
      <td>
        <RelativeTime iso={user.createdAt} />
      </td>
      <td className="users-controls">
        {disabled ? (
          <button type="button" disabled={commands.pending} onClick={() => commands.reactivate(user.id)}>
            Reactivate
          </button>
        ) : (
          <button
            type="button"
            disabled={commands.pending}
            onClick={() => confirmSelf(isMe, "Deactivating yourself") && commands.deactivate(user.id)}
          >
            Deactivate
          </button>
        )}
        <button
          type="button"
          disabled={commands.pending || disabled}
          onClick={() => confirmSelf(isMe, "Revoking your sessions") && commands.revokeSessions(user.id)}
        >
          Revoke sessions
        </button>
        <PasswordForm user={user} isMe={isMe} commands={commands} minLength={minLength} />
      </td>
    </tr>
  );
}

export function UsersPanel({ users, me, minPasswordLength }: { users: UserJson[]; me: string; minPasswordLength: number }) {
  const commands = useUserCommands();
  const { outcome } = commands;
  return (
    <section className="panel users" aria-labelledby="users-heading" data-testid="users">
      <h1 id="users-heading">Users</h1>
      <p>
        Sessions last 12 hours. A role change, deactivation, a new password and &ldquo;Revoke sessions&rdquo; end a user&rsquo;s sessions at
        once, on every device.
      </p>
      <AddUserForm commands={commands} minLength={minPasswordLength} />
      <p role="status" aria-live="polite" className={outcome && !outcome.ok ? "notice error" : "notice"} data-testid="users-outcome">
        {outcome?.message}
      </p>
      <table className="users-table" data-testid="users-table">
        <thead>
          <tr>
            {["Email", "Name", "Role", "Status", "Last sign-in", "Created"].map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <UserRow key={u.id} user={u} isMe={u.id === me} commands={commands} minLength={minPasswordLength} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
