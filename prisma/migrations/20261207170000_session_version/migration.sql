-- Sign-out did not end a session: a JWT stayed valid for its 12 hours whatever happened.
-- Each user now has a session version; a JWT carries the version its user had at sign-in
-- and is honoured only while the row still has it (lib/auth/session.ts). Sign-out, a revoke,
-- a password or role change and deactivation raise it. Sessions signed before this
-- migration carry no version and end with it: everyone signs in once more.
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;
