-- senda schema v10: users who log in with a PIN on a shared laptop.
--
-- The user table (001) is exchanged: its rows travel to other sites so that
-- a change log can name who made a change. Its pin_hash column never travels
-- (src/exchange/tables.c xc_column_local, build-aux/gen-exchange-sql.py
-- LOCAL): a PIN hash on a USB stick is a PIN guessed offline at leisure, and
-- a user of another site never logs in here. Setting a PIN changes only
-- pin_hash, which the field log does not see.
--
-- What a PIN typed at the login changes is kept in this LOCAL table, never
-- exported and never logged, so that a wrong PIN writes nothing that
-- travels. One row a user who has ever typed a PIN here.
CREATE TABLE IF NOT EXISTS user_lock (
	user_id      TEXT PRIMARY KEY NOT NULL,
	-- PINs tried since the last right one (a try is counted before the
	-- PIN is checked, so that a senda killed while it checks still counts it)
	failures     INTEGER NOT NULL DEFAULT 0,
	-- how many times the name was locked since the last right PIN: the
	-- lock is 1 minute, doubled each time, at most 1 hour
	locks        INTEGER NOT NULL DEFAULT 0,
	-- milliseconds since the epoch until which the name is locked (0: not)
	locked_until INTEGER NOT NULL DEFAULT 0,
	-- the latest clock reading of any try: a clock set back before it is
	-- read as this time, so that going back in time keeps the lock
	last_try     INTEGER NOT NULL DEFAULT 0
);

-- This migration brings the file to schema version 10.
PRAGMA user_version = 10;
