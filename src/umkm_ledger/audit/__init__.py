"""The auditor's toolkit: tamper evidence (a Merkle tree over the stored events, signed
checkpoints, verification, proof bundles)."""
