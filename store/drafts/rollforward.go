package drafts

import "nianbao/model"

// RollForward starts next year's draft from a live draft (以去年为底稿); see
// model.NextYear for what is carried.
func (db *DB) RollForward(id string) (DraftInfo, error) {
	if err := db.flushSavers(id); err != nil {
		return DraftInfo{}, err
	}
	prev, _, err := db.Load(id)
	if err != nil {
		return DraftInfo{}, err
	}
	r, err := model.NextYear(prev)
	if err != nil {
		return DraftInfo{}, invalid(err.Error() + "。")
	}
	return db.create("roll forward draft "+id, r, id)
}
