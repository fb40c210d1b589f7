package drafts

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"nianbao/model"
)

// BenchmarkAutosaveCommit measures one autosave: an edit queued and
// flushed, that is one fsynced bbolt transaction writing the whole report
// (every cell filled, a few thousand characters of text) and a history
// entry. It reports the median and the 99th percentile.
func BenchmarkAutosaveCommit(b *testing.B) {
	db := openTest(b, Options{Backups: -1})
	info := mustCreate(b, db, "某某局", 2024)
	r := mustLoad(b, db, info.ID)
	fill(r)
	for _, key := range r.Template().NarrativeKeys() {
		r.Narrative[key] = strings.Repeat("本机关认真贯彻落实《中华人民共和国政府信息公开条例》。", 20)
	}
	if _, err := db.Replace(info.ID, r); err != nil {
		b.Fatal(err)
	}
	as, err := db.Autosave(info.ID, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer as.Close()

	cols := []string{"natural", "commercial", "research", "nonprofit", "legal", "other"}
	var took []time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if err := as.Set("t3.new_received."+cols[i%len(cols)], strconv.Itoa(i)); err != nil {
			b.Fatal(err)
		}
		if err := as.Flush(); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	reportPercentiles(b, took)
}

// BenchmarkBoltCommitFloor is the floor under BenchmarkAutosaveCommit on
// the machine at hand: a bare bbolt transaction putting 100 bytes, fsync
// on. Its p99 is the disk's (two fdatasyncs per commit), not the store's.
func BenchmarkBoltCommitFloor(b *testing.B) {
	bdb, err := bbolt.Open(filepath.Join(b.TempDir(), "floor.db"), 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer bdb.Close()
	name := []byte("b")
	if err := bdb.Update(func(tx *bbolt.Tx) error {
		_, err := tx.CreateBucket(name)
		return err
	}); err != nil {
		b.Fatal(err)
	}
	value := make([]byte, 100)
	var took []time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		value[0] = byte(i)
		if err := bdb.Update(func(tx *bbolt.Tx) error {
			return tx.Bucket(name).Put([]byte("k"), value)
		}); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	reportPercentiles(b, took)
}

func reportPercentiles(b *testing.B, took []time.Duration) {
	slices.Sort(took)
	ms := func(q float64) float64 {
		return float64(took[int(q*float64(len(took)-1))]) / float64(time.Millisecond)
	}
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}

// BenchmarkSealReport is the checksum's share of an autosave, without the
// disk: sealing a full report (every cell, a few thousand characters of
// text) and checking it again.
func BenchmarkSealReport(b *testing.B) {
	r := model.NewReport(model.TemplateForYear(2024))
	r.Meta.Unit, r.Meta.Year = "某某局", 2024
	fill(r)
	for _, key := range r.Template().NarrativeKeys() {
		r.Narrative[key] = strings.Repeat("本机关认真贯彻落实《中华人民共和国政府信息公开条例》。", 20)
	}
	v, err := marshalSealed(keyReport, r)
	if err != nil {
		b.Fatal(err)
	}
	payload := v[sealHeader:]
	b.SetBytes(int64(len(payload)))
	for b.Loop() {
		w := seal(keyReport, payload)
		if _, err := unseal(keyReport, w); err != nil {
			b.Fatal(err)
		}
	}
}
