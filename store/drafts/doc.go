// Package drafts keeps the clerks' drafts in one local bbolt file, so that
// nothing typed is lost: not to a power cut, a second window, a damaged
// file or a slip of the mouse.
//
// # Use
//
//	db, err := drafts.Open(path, drafts.Options{})   // path: DefaultPath() or the clerk's choice
//	info, err := db.Create(drafts.DraftKey{Unit: "某某局", Year: 2024})
//	r, info, err := db.Load(info.ID)
//	as, err := db.Autosave(info.ID, func(ev drafts.SaveEvent) { /* fyne.Do: show ev.Status() */ })
//	as.Set("t3.new_received.natural", "12")           // returns at once
//	as.Close()                                          // flushes
//	db.Close()
//
// Errors are *model.Failure: Msg is Chinese for the clerk, Err the cause for the
// log, Code says what to offer (model.CodeLocked: another window has the file;
// model.CodeCorrupt, model.CodeForeign: offer a new file at FreshPath(path);
// model.CodeMissing: the clerk's path does not exist, ask before creating it;
// model.CodeReadOnly: the file is open read-only; model.CodeDamaged: one draft is
// damaged, restore it from a backup; …).
//
// # Guarantees
//
// Every change is one bbolt transaction committed with fsync (NoSync is
// never set), so what an autosaver reported saved survives a crash or a
// power cut. Open waits at most Options.Timeout for the lock of another
// running copy. A file that is damaged, truncated, empty (0 bytes),
// another program's or from a newer version is refused and never written
// to: Open first opens it read-only, checks its length against its pages,
// reads every value and runs bbolt's consistency check. A new file is
// built under a temporary name and linked into place complete, so the
// program itself never leaves an empty one. Options.MustExist refuses a
// path that does not exist (a typo must not start an empty database).
// Values read from bbolt are copied out of the transaction before use. A
// daily copy of the file is kept (see Backups; a failure is logged and
// reported through Options.OnBackupError and DB.BackupError) and a file of
// an older schema is copied before it is migrated.
//
// A file that cannot be written (read-only mode or attribute, a CD, a
// write-protected stick) or opened with Options.ReadOnly is opened with
// bbolt's ReadOnly: everything reads, every change is refused with
// model.CodeReadOnly, no backup is attempted, and DB.ReadOnly says so. A
// schema 2 file is read as it is then; a schema 1 file is refused.
//
// Every stored record carries a checksum (see Records). A record that
// fails it does not stop Open: the draft is listed with DraftInfo.Damaged,
// Load refuses it with model.CodeDamaged naming the draft, every other draft
// works; a damaged history entry or snapshot only stops History, StateAt
// and RestoreRevision of its draft.
//
// # File format
//
// Buckets, all created in one transaction by Open:
//
//	meta/
//	  magic     "nianbao-drafts"
//	  schema    the layout version, decimal ("3"); see schemaVersion
//	  created   when the file was made (RFC 3339)
//	  (the bucket's sequence is the last draft number handed out)
//	drafts/<id>/          one bucket per live draft; id is "d000001", …
//	  info      JSON info record, below
//	  report    the report in the model's interchange JSON
//	            ({"format":"nianbao-report","version":1,…}, see model)
//	  log/      <seq> → JSON history entry, below
//	  snap/     <seq> → report JSON: the draft at revision seq
//	trash/<id>/           deleted drafts (the recycle bucket), same layout
//
// <seq> is an 8-byte big-endian number, so keys sort in order.
//
// # Records
//
// Every value under drafts/ and trash/ (info, report, history entries,
// snapshots) is stored sealed (schema 3 on):
//
//	byte 0     0x01, the format of what follows
//	bytes 1-4  CRC-32C (Castagnoli) of the key and then the payload,
//	           big-endian
//	bytes 5-   the payload: the JSON record below
//
// A CRC per value, so that one damaged record costs one draft, not the
// file; CRC-32C because it catches any burst of up to 32 flipped bits
// and the CPU computes it (a few microseconds for a report, against the
// milliseconds of a commit's fsync). It guards against a failing medium,
// not against deliberate edits. The values in meta/ stay plain, so that
// an older program still reads magic and schema and says 请升级程序. See
// seal.go for the reasoning.
//
// Info record, version 1:
//
//	{"v":1, "id":"d000001", "unit":"某某局", "year":2024, "template":"2021",
//	 "status":"draft"|"final", "created":…, "updated":…, "deleted":…,
//	 "final_at":…, "final_by":"…", "from":"d000000",
//	 "rev":N, "base":B, "snap":S}
//
// unit, year and template repeat the report's 基本信息 and format so that
// List need not decode every report. History entries are log/ Base+1…Rev;
// snap/ holds copies at Base (always), at S (the latest) and at some
// revisions between. History entry, version 1:
//
//	{"v":1, "t":time, "by":"author", "k":kind, "key":"t3.new_received.natural",
//	 "old":"12", "new":"15", "why":"reason (unlock)"}
//
// kind is one of cell, narrative, note, meta (replayed to rebuild a
// state), replace, restore (a snapshot is taken at them), final and unlock
// (history only). Times are RFC 3339 with the zone offset.
//
// Versions: the schema number covers the layout, "v" each record, the
// report its own "version". A reader accepts every version up to its own
// and refuses a newer one (model.CodeTooNew) rather than misread it. An older
// schema is migrated step by step when opened (see migrations).
//
// History is bounded: see Revision for the merging, snapshot and pruning
// policy, and docs/store.md.
package drafts
