// Package store keeps the clerks' drafts in one local bbolt file, so that
// nothing typed is lost: not to a power cut, a second window, a damaged
// file or a slip of the mouse.
//
// # Use
//
//	db, err := store.Open(path, store.Options{})   // path: DefaultPath() or the clerk's choice
//	info, err := db.Create(store.DraftKey{Unit: "某某局", Year: 2024})
//	r, info, err := db.Load(info.ID)
//	as, err := db.Autosave(info.ID, func(ev store.SaveEvent) { /* fyne.Do: show ev.Status() */ })
//	as.Set("t3.new_received.natural", "12")           // returns at once
//	as.Close()                                          // flushes
//	db.Close()
//
// Errors are *Error: Msg is Chinese for the clerk, Err the cause for the
// log, Code says what to offer (CodeLocked: another window has the file;
// CodeCorrupt, CodeForeign: offer a new file at FreshPath(path); …).
//
// # Guarantees
//
// Every change is one bbolt transaction committed with fsync (NoSync is
// never set), so what an autosaver reported saved survives a crash or a
// power cut. Open waits at most Options.Timeout for the lock of another
// running copy. A file that is damaged, truncated, another program's or
// from a newer version is refused and never written to: Open first opens
// it read-only, checks its length against its pages, reads every value
// and runs bbolt's consistency check. Values read from bbolt are copied
// out of the transaction before use. A daily copy of the file is kept (see
// Backups) and a file of an older schema is copied before it is migrated.
//
// # File format
//
// Buckets, all created in one transaction by Open:
//
//	meta/
//	  magic     "nianbao-drafts"
//	  schema    the layout version, decimal ("2"); see schemaVersion
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
// <seq> is an 8-byte big-endian number, so keys sort in order. Info
// record, version 1:
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
// and refuses a newer one (CodeTooNew) rather than misread it. An older
// schema is migrated step by step when opened (see migrations).
//
// History is bounded: see Revision for the merging, snapshot and pruning
// policy, and docs/store.md.
package store
