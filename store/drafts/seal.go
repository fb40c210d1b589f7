package drafts

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"sync"

	"go.etcd.io/bbolt"
)

// Every value the store writes under drafts/ and trash/ (schema 3 on) is
// sealed:
//
//	0x01 | CRC-32C, 4 bytes big-endian | payload (the JSON record)
//
// The CRC covers the value's key and then the payload.
//
// Why: bbolt checks the structure of its pages (Open runs its consistency
// check) but not what a value holds; a flipped bit in a digit of a stored
// report is a well-formed page with a different number in it, which
// would be exported as if the clerk had typed it. A checksum per value
// makes such damage visible, and per value rather than per file, so that
// one damaged record costs one draft, not the whole file.
//
// CRC-32C (Castagnoli) catches every error burst of up to 32 bits, so any
// single damaged byte, and hash/crc32 computes it with the CPU's CRC
// instructions (SSE 4.2, ARMv8): a few microseconds for a 30 KB report,
// against milliseconds for the fsync of the commit that writes it. It
// guards against a failing disk or medium, not against someone editing
// the file on purpose, who can recompute it. The key is covered too, so a
// value that lands under another key (a misdirected write) is caught.
//
// A header rather than a trailer: the tag byte says what follows, so a
// later format (compressed, say) can be told apart, and a schema 2 value
// (plain JSON, starting with '{') is never taken for a sealed one.
const (
	sealTag    byte = 0x01
	sealHeader      = 5 // tag and CRC
)

// sealedSince is the first schema whose records are sealed. Older files
// are migrated on open; a read-only one is read as it is.
const sealedSince = 3

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func sealSum(key, payload []byte) uint32 {
	return crc32.Update(crc32.Update(0, castagnoli, key), castagnoli, payload)
}

// seal returns the stored form of payload under key.
func seal(key, payload []byte) []byte {
	out := make([]byte, sealHeader+len(payload))
	out[0] = sealTag
	binary.BigEndian.PutUint32(out[1:sealHeader], sealSum(key, payload))
	copy(out[sealHeader:], payload)
	return out
}

// errBadSeal marks a value whose checksum does not match.
var errBadSeal = errors.New("checksum mismatch")

// unseal checks a stored value and returns its payload, which aliases v.
func unseal(key, v []byte) ([]byte, error) {
	if len(v) < sealHeader || v[0] != sealTag {
		return nil, fmt.Errorf("%w: no checksum header (%d bytes)", errBadSeal, len(v))
	}
	payload := v[sealHeader:]
	if want, got := binary.BigEndian.Uint32(v[1:sealHeader]), sealSum(key, payload); got != want {
		return nil, fmt.Errorf("%w: stored %08x, computed %08x", errBadSeal, want, got)
	}
	return payload, nil
}

// payload checks a value as read from bbolt and returns what it holds,
// aliasing v. A schema 2 file, only ever opened read-only, holds plain
// values.
func (db *DB) payload(key, v []byte) ([]byte, error) {
	if db.plain {
		return v, nil
	}
	return unseal(key, v)
}

// value returns a copy of the payload stored under key (nil if there is
// none): bbolt's slices are only valid until the transaction ends, and a
// decoder may keep references into its input.
func (db *DB) value(b *bbolt.Bucket, key []byte) ([]byte, error) {
	v := b.Get(key)
	if v == nil {
		return nil, nil
	}
	p, err := db.payload(key, v)
	if err != nil {
		return nil, err
	}
	return bytes.Clone(p), nil
}

// encoders hold the buffers marshalSealed encodes into.
var encoders = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// marshalSealed encodes v as JSON (as json.Marshal does) and seals it
// under key. The JSON is written to a pooled buffer and copied once, into
// the sealed value: json.Marshal and then seal would copy a 30 KB report
// twice on every autosave.
func marshalSealed(key []byte, v any) ([]byte, error) {
	buf := encoders.Get().(*bytes.Buffer)
	defer encoders.Put(buf)
	buf.Reset()
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		return nil, err
	}
	payload := bytes.TrimSuffix(buf.Bytes(), []byte("\n")) // Encode ends a value with one
	out := make([]byte, sealHeader+len(payload))
	out[0] = sealTag
	binary.BigEndian.PutUint32(out[1:sealHeader], sealSum(key, payload))
	copy(out[sealHeader:], payload)
	return out, nil
}

// putJSON encodes v and stores it sealed under key; it returns the stored
// bytes.
func putJSON(b *bbolt.Bucket, key []byte, v any) ([]byte, error) {
	sealed, err := marshalSealed(key, v)
	if err != nil {
		return nil, err
	}
	return sealed, b.Put(key, sealed)
}

// put seals payload and stores it under key; it returns the stored bytes.
func put(b *bbolt.Bucket, key, payload []byte) ([]byte, error) {
	v := seal(key, payload)
	return v, b.Put(key, v)
}

// scanSeals checks the seal of every value under drafts/ and trash/ and
// returns where the damaged ones are ("drafts/d000003/report"), for the
// log. Open does not refuse a file for them: each draft reports its own.
func scanSeals(tx *bbolt.Tx) []string {
	var bad []string
	var scan func(b *bbolt.Bucket, where string, depth int)
	scan = func(b *bbolt.Bucket, where string, depth int) {
		_ = b.ForEach(func(k, v []byte) error {
			if v == nil {
				if c := b.Bucket(k); c != nil && depth < 3 {
					scan(c, where+"/"+string(k), depth+1)
				}
				return nil
			}
			if _, err := unseal(k, v); err != nil {
				name := string(k)
				if len(k) == 8 {
					name = fmt.Sprint(keySeq(k))
				}
				bad = append(bad, where+"/"+name)
			}
			return nil
		})
	}
	for _, parent := range [][]byte{bucketDrafts, bucketTrash} {
		p := tx.Bucket(parent)
		if p == nil {
			continue
		}
		_ = p.ForEachBucket(func(id []byte) error {
			scan(p.Bucket(id), string(parent)+"/"+string(id), 1)
			return nil
		})
	}
	return bad
}
