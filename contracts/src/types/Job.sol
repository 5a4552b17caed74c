// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The job record kept by `ComputeRouter`, keyed by the decision log's 0G root hash.
library Job {
    /// @dev Funded → Started → Completed → Released; Funded → Refunded (no-show);
    /// Started|Completed → Disputed → Resolved (or Refunded when the arbiter misses its deadline).
    /// External jobs (no escrow): Recorded → Started → Completed | Cancelled.
    enum Status {
        None,
        Funded,
        Started,
        Completed,
        Released,
        Refunded,
        Disputed,
        Resolved,
        Recorded,
        Cancelled
    }

    /// @dev Two slots: everything a later call must enforce. Descriptive terms (team, price, log length)
    /// live in the `JobCreated` event, which an indexer reads instead of storage.
    struct Record {
        // slot 0
        /// Tracked: the client's address. Untracked: bytes20(keccak256(abi.encode(client, salt))).
        bytes20 client;
        /// Escrowed token units (zero for external jobs).
        uint96 amount;
        // slot 1
        uint32 listingId;
        /// Funded: start deadline. Started: end-by time. Completed: challenge window end.
        /// Disputed: arbitration deadline.
        uint40 deadline;
        uint24 hoursBooked;
        uint24 hoursUsed;
        uint16 gpus;
        Status status;
        bool tracked;
        bool rated;
        uint32 logLength;
    }

    /// @notice Terms of an escrowed job, signed by a router key (EIP-712 `Attestation`).
    struct Terms {
        /// The decision log's 0G root hash; also the job id.
        bytes32 root;
        /// The decision log's byte length (the 0G root does not commit to trailing zero bytes).
        uint32 logLength;
        uint32 listingId;
        uint16 gpus;
        uint24 hoursBooked;
        /// The most the buyer pays per GPU-hour, in the listing's token units (the decided price).
        uint96 maxUnitPrice;
        /// Tracked: bytes20(client address). Untracked: bytes20(keccak256(abi.encode(client, salt))).
        bytes20 client;
        bool tracked;
        /// Team id, or 0 for none. Team jobs are always Tracked.
        uint64 team;
        /// Unix seconds after which the attestation is void.
        uint64 expiry;
    }

    /// @notice Terms of a decision routed to a provider outside the chain (Akash, RunPod ...).
    struct ExternalTerms {
        bytes32 root;
        uint32 logLength;
        /// Short-string provider id (`"akash"`) as bytes32.
        bytes32 providerId;
        /// keccak256 of the provider's offer id.
        bytes32 offerHash;
        uint16 gpus;
        uint24 hoursBooked;
        /// Effective USD per GPU-hour with 6 decimals.
        uint96 usdPerGpuHour;
        bytes20 client;
        bool tracked;
        uint64 team;
        uint64 expiry;
    }
}
