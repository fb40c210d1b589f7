package drafts

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"nianbao/model"
)

// The crash test's child edits one draft in a loop, one edit per number
// i = 1, 2, 3…, each into slot i%16 (six cells, four narrative sections,
// six notes) with the text "i". A slot thus holds the latest committed
// number that fell into it, and edit i is present if its slot holds i or a
// later number: commits are in order, so a later number there means i was
// committed before it.
const crashSlots = 16

var (
	crashCols  = []string{"natural", "commercial", "research", "nonprofit", "legal", "other"}
	crashNarrs = []string{"overview.proactive", "overview.requests", "problems", "other"}
)

func crashEdit(i int) Edit {
	text := strconv.Itoa(i)
	switch s := i % crashSlots; {
	case s < 6:
		return Edit{KindCell, "t3.new_received." + crashCols[s], text}
	case s < 10:
		return Edit{KindNarrative, crashNarrs[s-6], text}
	default:
		return Edit{KindNote, "crash." + strconv.Itoa(s), text}
	}
}

// crashSlot reads the number in slot s (0 if blank).
func crashSlot(r *model.Report, s int) int {
	var text string
	switch {
	case s < 6:
		text = r.Text("t3.new_received." + crashCols[s])
	case s < 10:
		text = r.Narrative[crashNarrs[s-6]]
	default:
		text = r.Notes["crash."+strconv.Itoa(s)]
	}
	n, _ := strconv.Atoi(text)
	return n
}

// crashOptions keep history small so that pruning and snapshots happen
// all the time, crashes included.
var crashOptions = Options{Timeout: 5 * time.Second, MaxRevisions: 200, SnapshotEvery: 25, MergeWindow: -1}

// crashChild continues the edits after the highest number in the draft and
// prints "READY start", then "C n" after each commit the autosaver
// reported, n being the highest number committed. It runs until killed.
func crashChild(path, id string) {
	fail := func(err error) {
		fmt.Println("ERR", err)
		os.Exit(2)
	}
	db, err := Open(path, crashOptions)
	if err != nil {
		fail(err)
	}
	r, _, err := db.Load(id)
	if err != nil {
		fail(err)
	}
	start := 1
	for s := range crashSlots {
		start = max(start, crashSlot(r, s)+1)
	}
	out := bufio.NewWriter(os.Stdout)
	as, err := db.Autosave(id, func(ev SaveEvent) {
		if ev.Err == nil {
			// One write per line, so a kill leaves at most a partial
			// line, which the parent ignores.
			fmt.Fprintf(out, "C %d\n", start+int(ev.Committed)-1)
			out.Flush()
		}
	})
	if err != nil {
		fail(err)
	}
	fmt.Fprintf(out, "READY %d\n", start)
	out.Flush()
	deadline := time.Now().Add(10 * time.Second) // in case nobody kills us
	for i := start; time.Now().Before(deadline); i++ {
		if err := as.Apply(crashEdit(i)); err != nil {
			fail(err)
		}
		// Typing-like: bursts with pauses, faster than a person.
		time.Sleep(time.Duration(rand.IntN(2000)) * time.Microsecond)
	}
	fail(fmt.Errorf("not killed"))
}

// TestCrashRecovery kills a child process that is editing, at random
// moments, and checks after each kill that the file opens and holds every
// edit the child was told was committed.
func TestCrashRecovery(t *testing.T) {
	cycles, budget := 100, 25*time.Second
	if testing.Short() {
		cycles = 20
	}
	path := filepath.Join(t.TempDir(), "drafts.db")
	db, err := Open(path, crashOptions)
	if err != nil {
		t.Fatal(err)
	}
	id := mustCreate(t, db, "崩溃测试局", 2024).ID
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	type span struct{ first, last int } // numbers reported committed by one child
	var (
		spans            []span
		reported, found  int
		highest          int // edits 1…highest are committed: each child goes on after the highest
		killedEarly, ran int
		commitsSeen      int
		began            = time.Now()
		seed             = uint64(began.UnixNano())
		rnd              = rand.New(rand.NewPCG(seed, 7))
	)
	t.Logf("kill times seeded with %d", seed)
	for cycle := 0; cycle < cycles && time.Since(began) < budget; cycle++ {
		ran++
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), envChild+"=crash", envPath+"="+path, envDraft+"="+id)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan []string)
		go func() {
			var got []string
			rd := bufio.NewReader(stdout)
			for {
				line, err := rd.ReadString('\n')
				if err != nil { // a partial last line is ignored
					break
				}
				got = append(got, strings.TrimSuffix(line, "\n"))
			}
			_, _ = io.Copy(io.Discard, stdout)
			lines <- got
		}()
		time.Sleep(time.Duration(10+rnd.IntN(140)) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil { // SIGKILL
			t.Fatal(err)
		}
		out := <-lines
		_ = cmd.Wait()

		sp := span{first: -1, last: -1}
		for _, line := range out {
			f := strings.Fields(line)
			switch {
			case len(f) == 2 && f[0] == "READY":
				sp.first, _ = strconv.Atoi(f[1])
			case len(f) == 2 && f[0] == "C":
				sp.last, _ = strconv.Atoi(f[1])
				commitsSeen++
			default:
				t.Fatalf("cycle %d: child said %q", cycle, line)
			}
		}
		if sp.first < 0 {
			killedEarly++
		}
		if sp.last >= sp.first && sp.first > 0 {
			spans = append(spans, sp)
		}

		// Restart: the file must open, check clean and hold every
		// reported edit.
		db, err := Open(path, crashOptions)
		if err != nil {
			t.Fatalf("cycle %d: reopening after the kill: %v", cycle, err)
		}
		r, info, err := db.Load(id)
		if err != nil {
			t.Fatalf("cycle %d: %v", cycle, err)
		}
		slot := make([]int, crashSlots)
		highest = 0
		for s := range slot {
			slot[s] = crashSlot(r, s)
			highest = max(highest, slot[s])
			if slot[s] != 0 && slot[s]%crashSlots != s {
				t.Fatalf("cycle %d: slot %d holds %d", cycle, s, slot[s])
			}
		}
		// Commits are in order: whatever was committed before the highest
		// edit found must be there too, reported or not.
		for i := 1; i <= highest; i++ {
			if slot[i%crashSlots] < i {
				t.Fatalf("cycle %d: edit %d is missing but %d is there", cycle, i, highest)
			}
		}
		reported, found = 0, 0
		for _, sp := range spans {
			for i := sp.first; i <= sp.last; i++ {
				reported++
				if slot[i%crashSlots] >= i {
					found++
				} else {
					t.Errorf("cycle %d: edit %d was reported committed but is missing (slot holds %d)", cycle, i, slot[i%crashSlots])
				}
			}
		}
		// The history agrees with the content and stays bounded.
		if now, err := db.StateAt(id, info.Rev); err != nil || !now.Equal(r) {
			t.Fatalf("cycle %d: replaying the history to revision %d: %v", cycle, info.Rev, err)
		}
		if n := info.Rev - info.Oldest; n > 220 {
			t.Fatalf("cycle %d: %d history entries kept", cycle, n)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if t.Failed() {
			break
		}
	}
	t.Logf("crash test: %d kills in %v (%d before the child was ready); %d commits reported; "+
		"edits reported committed: %d, found after restart: %d, lost: %d; "+
		"%d edits committed in all (%d of them committed but not yet reported when the child was killed)",
		ran, time.Since(began).Round(time.Millisecond), killedEarly, commitsSeen,
		reported, found, reported-found, highest, highest-reported)
	if reported == 0 {
		t.Error("no edit was ever reported committed")
	}
}
