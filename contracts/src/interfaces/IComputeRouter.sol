// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Job} from "../types/Job.sol";

/// @title IComputeRouter
/// @notice The job registry and escrow. Every job is bound to a routing decision: its id is the decision
/// log's 0G root hash, and an authorized router key must have attested its terms (EIP-712).
interface IComputeRouter {
    // Events

    /// @notice Emitted when an escrowed job is created: who, where, and which decision (followed by
    /// {EscrowFunded} in the same transaction with the money).
    /// @param user The client's address for Tracked jobs, zero for Untracked ones.
    /// @param client Tracked: the address as bytes20. Untracked: the commitment keccak256(client, salt).
    event JobCreated(
        bytes32 indexed jobId,
        uint32 indexed listingId,
        address indexed provider,
        address user,
        bytes20 client,
        uint64 team,
        uint32 logLength
    );
    /// @notice Emitted with {JobCreated}: the escrow pulled for the job.
    event EscrowFunded(
        bytes32 indexed jobId,
        address indexed token,
        uint96 unitPrice,
        uint96 amount,
        uint16 gpus,
        uint24 hoursBooked,
        uint40 startDeadline
    );
    /// @notice Emitted when a decision routed outside the chain is recorded (no escrow).
    event ExternalJobRecorded(
        bytes32 indexed jobId,
        bytes32 indexed providerId,
        bytes32 offerHash,
        address user,
        bytes20 client,
        uint64 team,
        uint96 usdPerGpuHour,
        uint16 gpus,
        uint24 hoursBooked,
        uint32 logLength
    );
    /// @notice Emitted when the provider starts a job.
    event JobStarted(bytes32 indexed jobId, uint40 endBy);
    /// @notice Emitted when the provider completes a job, opening the challenge window.
    event JobCompleted(bytes32 indexed jobId, uint24 hoursUsed, uint40 challengeEnd);
    /// @notice Emitted when escrow is paid out: used hours to the provider (less the fee), the rest back.
    event JobReleased(
        bytes32 indexed jobId, address indexed payout, uint96 providerAmount, uint96 clientAmount, uint96 fee
    );
    /// @notice Emitted when escrow goes back to the client in full.
    /// @param noShow True when the provider never started; false when the arbiter missed its deadline.
    event JobRefunded(bytes32 indexed jobId, uint96 amount, bool noShow);
    /// @notice Emitted when the client disputes a job.
    event JobDisputed(bytes32 indexed jobId, uint40 arbitrationDeadline);
    /// @notice Emitted when the arbiter resolves a dispute.
    event DisputeResolved(
        bytes32 indexed jobId,
        uint96 providerAmount,
        uint96 clientAmount,
        uint96 slashed,
        bool providerAtFault
    );
    /// @notice Emitted when the client of an external job reports its status.
    event ExternalJobStatusChanged(bytes32 indexed jobId, Job.Status status);
    /// @notice Emitted when the client rates a finished job.
    event JobRated(bytes32 indexed jobId, address indexed provider, uint8 stars);
    /// @notice Emitted when a push payment failed (e.g. a blacklisted address) and was credited instead.
    event PaymentCredited(address indexed token, address indexed account, uint96 amount);
    /// @notice Emitted when an Untracked client's share is held for a claim with the salt.
    event ClientCredited(bytes32 indexed jobId, address indexed token, uint96 amount);
    /// @notice Emitted when credited funds are withdrawn.
    event Withdrawn(address indexed token, address indexed account, address to, uint256 amount);
    /// @notice Emitted when governance changes the protocol fee or treasury.
    event FeeSet(uint16 feeBps, address treasury);

    // Client functions

    /// @notice Creates an escrowed job on an on-chain listing, pulling the quoted amount from the caller.
    /// @dev Emits {JobCreated}, {EscrowFunded} (and {ReservationChanged} from the registry).
    /// Requirements: not paused; `terms.root` unused; gpus, hours and logLength > 0; `signature` by a
    /// ROUTER_KEY_ROLE holder over `terms` and not expired; Tracked: `terms.client` is the caller; team jobs:
    /// Tracked, the caller has the team's User role and the provider is whitelisted; the listing's current
    /// unit price ≤ `terms.maxUnitPrice`; the caller approved the amount.
    /// @return jobId The decision root, which is the job id.
    function createJob(Job.Terms calldata terms, bytes calldata signature) external returns (bytes32 jobId);

    /// @notice Records a decision routed to a provider outside the chain: same proof of routing, no escrow.
    /// @dev Emits {ExternalJobRecorded}. Requirements as {createJob} without listing, price and escrow.
    function recordExternalJob(Job.ExternalTerms calldata terms, bytes calldata signature)
        external
        returns (bytes32 jobId);

    /// @notice Client: reports the status of an external job (Started, Completed or Cancelled).
    /// @dev Emits {ExternalJobStatusChanged}. Requirements: the caller is the client (with `salt` when
    /// Untracked); the job is Recorded or Started; the status moves forward.
    function updateExternalJob(bytes32 jobId, bytes32 salt, Job.Status status) external;

    /// @notice Client confirms a completed job (or anyone, after the challenge window): pays the provider for
    /// the hours used (less the protocol fee) and returns the unused part to the client.
    /// @dev Emits {JobReleased}.
    /// Requirements: an escrowed job, Completed; the client (salt when Untracked), or anyone once the window
    /// passed.
    function release(bytes32 jobId, bytes32 salt) external;

    /// @notice Anyone: refunds the whole escrow when the provider did not start before the start deadline, or
    /// when the arbiter did not resolve a dispute before the arbitration deadline.
    /// @dev Emits {JobRefunded}. Requirements: Funded or Disputed, and the deadline has passed.
    function refund(bytes32 jobId) external;

    /// @notice Client disputes a job: inside the challenge window after completion, or when a started job
    /// was not completed by its end-by time.
    /// @dev Emits {JobDisputed}. Requirements: the caller is the client; an escrowed job (external jobs have
    /// nothing to dispute); Completed before the window ends, or Started after its end-by time.
    function dispute(bytes32 jobId, bytes32 salt) external;

    /// @notice Client rates a finished (Released or Resolved) job once, 1–5 stars.
    /// @dev Emits {JobRated}.
    function rate(bytes32 jobId, bytes32 salt, uint8 stars) external;

    /// @notice Untracked client claims the share of a settled job held for it.
    /// @dev Emits {Withdrawn}. Requirements: the caller and `salt` match the job's commitment.
    function claimClientCredit(bytes32 jobId, bytes32 salt, address token, address to) external;

    /// @notice Withdraws what push payments could not deliver to the caller.
    /// @dev Emits {Withdrawn}.
    function withdraw(address token, address to) external;

    // Provider functions

    /// @notice Provider starts a funded job before its start deadline.
    /// @dev Emits {JobStarted}.
    /// Requirements: the caller is the listing's provider; Funded; before the start deadline.
    function start(bytes32 jobId) external;

    /// @notice Provider completes a started job, reporting the hours used (≤ booked).
    /// @dev Emits {JobCompleted}. Requirements: the caller is the listing's provider; Started.
    function complete(bytes32 jobId, uint24 hoursUsed) external;

    // Arbiter functions

    /// @notice Arbiter resolves a dispute with a split that sums to the escrow, optionally slashing stake to
    /// the client.
    /// @dev Emits {DisputeResolved} (and {StakeSlashed} when slashing). Requirements: ARBITER_ROLE; Disputed.
    function resolve(
        bytes32 jobId,
        uint96 providerAmount,
        uint96 clientAmount,
        uint96 slashAmount,
        bool providerAtFault
    ) external;

    // Governance

    /// @notice Sets the protocol fee (≤ MAX_FEE_BPS) and its treasury. DEFAULT_ADMIN_ROLE.
    function setFee(uint16 feeBps, address treasury) external;

    /// @notice Stops new jobs (never withdrawals, refunds or releases). PAUSER_ROLE.
    function pause() external;

    /// @notice Lets new jobs in again. PAUSER_ROLE.
    function unpause() external;

    // Views

    /// @notice A job's stored record.
    function getJob(bytes32 jobId) external view returns (Job.Record memory);

    /// @notice The EIP-712 digest a router key signs for `terms`.
    function attestationDigest(Job.Terms calldata terms) external view returns (bytes32);

    /// @notice The EIP-712 digest a router key signs for external `terms`.
    function externalAttestationDigest(Job.ExternalTerms calldata terms) external view returns (bytes32);

    /// @notice The Untracked client commitment: bytes20(keccak256(abi.encode(client, salt))).
    function clientCommitment(address client, bytes32 salt) external pure returns (bytes20);

    /// @notice Funds credited to `account` after a failed push payment.
    function owed(address token, address account) external view returns (uint256);

    /// @notice Funds in `token` held for an Untracked job's client.
    function clientCredit(bytes32 jobId, address token) external view returns (uint96);
}
