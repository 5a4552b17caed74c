// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {IComputeRouter} from "./interfaces/IComputeRouter.sol";
import {IProviderRegistry} from "./interfaces/IProviderRegistry.sol";
import {ITeamRegistry} from "./interfaces/ITeamRegistry.sol";
import {Errors} from "./libraries/Errors.sol";
import {Job} from "./types/Job.sol";
import {TeamRoles} from "./types/TeamRoles.sol";

/// @title ComputeRouter
/// @notice Job registry and escrow, bound to verifiable routing decisions.
contract ComputeRouter is IComputeRouter, AccessControl, Pausable, EIP712 {
    using SafeERC20 for IERC20;

    // Constants

    /// @notice Keys that sign routing attestations (the relayer's).
    bytes32 public constant ROUTER_KEY_ROLE = keccak256("ROUTER_KEY_ROLE");
    /// @notice Resolves disputes.
    bytes32 public constant ARBITER_ROLE = keccak256("ARBITER_ROLE");
    /// @notice Stops and resumes new jobs.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    bytes32 public constant ATTESTATION_TYPEHASH = keccak256(
        "Attestation(bytes32 root,uint32 logLength,uint32 listingId,uint16 gpus,uint24 hoursBooked,"
        "uint96 maxUnitPrice,bytes20 client,bool tracked,uint64 team,uint64 expiry)"
    );
    bytes32 public constant EXTERNAL_ATTESTATION_TYPEHASH = keccak256(
        "ExternalAttestation(bytes32 root,uint32 logLength,bytes32 providerId,bytes32 offerHash,uint16 gpus,"
        "uint24 hoursBooked,uint96 usdPerGpuHour,bytes20 client,bool tracked,uint64 team,uint64 expiry)"
    );

    /// @notice How long a provider has to start a funded job before anyone may refund it.
    uint40 public constant START_WINDOW = 2 hours;
    /// @notice Slack after the booked hours before a started job counts as overdue (disputable).
    uint40 public constant END_GRACE = 1 hours;
    /// @notice How long the client may dispute a completed job before anyone may release it.
    uint40 public constant CHALLENGE_WINDOW = 24 hours;
    /// @notice How long the arbiter has before a disputed job falls back to a full refund.
    uint40 public constant ARBITRATION_PERIOD = 7 days;
    /// @notice Protocol fee cap: 10%.
    uint16 public constant MAX_FEE_BPS = 1000;

    // Storage

    IProviderRegistry public immutable PROVIDERS;
    ITeamRegistry public immutable TEAMS;

    /// @notice Protocol fee in basis points of the provider's share (zero by default).
    uint16 public feeBps;
    address public treasury;

    mapping(bytes32 jobId => Job.Record) internal _jobs;
    mapping(address token => mapping(address account => uint256)) public owed;
    mapping(bytes32 jobId => mapping(address token => uint96)) public clientCredit;

    constructor(address admin, IProviderRegistry providers, ITeamRegistry teams)
        EIP712("Necto ComputeRouter", "1")
    {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        PROVIDERS = providers;
        TEAMS = teams;
    }

    // Client functions

    /// @inheritdoc IComputeRouter
    function createJob(Job.Terms calldata terms, bytes calldata signature)
        external
        whenNotPaused
        returns (bytes32 jobId)
    {
        // Check:
        jobId = terms.root;
        _checkNewJob(jobId, terms.gpus, terms.hoursBooked, terms.logLength);
        _checkClient(terms.client, terms.tracked, terms.team);
        _checkAttestation(_hashTerms(terms), terms.expiry, signature);

        // Interaction (trusted registry, deployed with this contract): reserve the GPUs and quote.
        (address provider, address token, uint96 unitPrice, uint96 amount) =
            PROVIDERS.reserve(terms.listingId, terms.gpus, terms.hoursBooked);
        if (unitPrice > terms.maxUnitPrice) {
            revert Errors.ComputeRouter_PriceAboveAttested(unitPrice, terms.maxUnitPrice);
        }
        if (terms.team != 0) _checkTeamProvider(terms.team, bytes32(uint256(uint160(provider))));

        // Effect:
        Job.Record memory record = Job.Record({
            client: terms.client,
            amount: amount,
            listingId: terms.listingId,
            deadline: uint40(block.timestamp) + START_WINDOW,
            hoursBooked: terms.hoursBooked,
            hoursUsed: 0,
            gpus: terms.gpus,
            status: Job.Status.Funded,
            tracked: terms.tracked,
            rated: false,
            logLength: terms.logLength
        });
        _jobs[jobId] = record;
        _emitJobCreated(terms, provider);
        _emitEscrowFunded(record, jobId, token, unitPrice);

        // Interaction:
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IComputeRouter
    function recordExternalJob(Job.ExternalTerms calldata terms, bytes calldata signature)
        external
        whenNotPaused
        returns (bytes32 jobId)
    {
        jobId = terms.root;
        _checkNewJob(jobId, terms.gpus, terms.hoursBooked, terms.logLength);
        _checkClient(terms.client, terms.tracked, terms.team);
        _checkAttestation(_hashExternalTerms(terms), terms.expiry, signature);
        if (terms.team != 0) _checkTeamProvider(terms.team, terms.providerId);

        _jobs[jobId] = Job.Record({
            client: terms.client,
            amount: 0,
            listingId: 0,
            deadline: 0,
            hoursBooked: terms.hoursBooked,
            hoursUsed: 0,
            gpus: terms.gpus,
            status: Job.Status.Recorded,
            tracked: terms.tracked,
            rated: false,
            logLength: terms.logLength
        });
        emit ExternalJobRecorded(
            jobId,
            terms.providerId,
            terms.offerHash,
            terms.tracked ? address(terms.client) : address(0),
            terms.client,
            terms.team,
            terms.usdPerGpuHour,
            terms.gpus,
            terms.hoursBooked,
            terms.logLength
        );
    }

    /// @inheritdoc IComputeRouter
    function updateExternalJob(bytes32 jobId, bytes32 salt, Job.Status status) external {
        Job.Record storage job = _existing(jobId);
        _requireClient(jobId, job, salt);
        Job.Status current = job.status;
        bool fromOpen = current == Job.Status.Recorded || current == Job.Status.Started;
        if (!fromOpen || job.listingId != 0) revert Errors.ComputeRouter_InvalidStatus(jobId, current);
        bool allowed = status == Job.Status.Completed || status == Job.Status.Cancelled
            || (status == Job.Status.Started && current == Job.Status.Recorded);
        if (!allowed) revert Errors.ComputeRouter_InvalidExternalStatus(status);
        job.status = status;
        emit ExternalJobStatusChanged(jobId, status);
    }

    /// @inheritdoc IComputeRouter
    function release(bytes32 jobId, bytes32 salt) external {
        // Check:
        Job.Record storage job = _existing(jobId);
        Job.Record memory j = job;
        // An external job its client reported Completed has no escrow, listing or window: nothing to release.
        if (j.status != Job.Status.Completed || j.listingId == 0) {
            revert Errors.ComputeRouter_InvalidStatus(jobId, j.status);
        }
        // Before the window ends only the client may confirm; after it, anyone may.
        if (block.timestamp <= j.deadline && !_isClient(j, salt)) {
            revert Errors.ComputeRouter_NotClient(jobId, msg.sender);
        }
        // Effect:
        job.status = Job.Status.Released;
        uint96 earned = uint96(uint256(j.amount) * j.hoursUsed / j.hoursBooked);
        uint64 gpuHours = uint64(j.gpus) * j.hoursUsed;
        (address payout, address token) =
            PROVIDERS.settle(j.listingId, j.gpus, IProviderRegistry.Outcome.Completed, gpuHours);
        uint96 fee = uint96(uint256(earned) * feeBps / 10_000);
        uint96 providerAmount = earned - fee;
        uint96 clientAmount = j.amount - earned;
        emit JobReleased(jobId, payout, providerAmount, clientAmount, fee);
        // Interaction:
        if (fee != 0) _credit(token, treasury, fee);
        _pay(token, payout, providerAmount);
        _payClient(jobId, j, token, clientAmount);
    }

    /// @inheritdoc IComputeRouter
    function refund(bytes32 jobId) external {
        // Check:
        Job.Record storage job = _existing(jobId);
        Job.Record memory j = job;
        bool noShow = j.status == Job.Status.Funded;
        if (!noShow && j.status != Job.Status.Disputed) {
            revert Errors.ComputeRouter_InvalidStatus(jobId, j.status);
        }
        if (block.timestamp <= j.deadline) revert Errors.ComputeRouter_DeadlineNotReached(jobId, j.deadline);
        // Effect:
        job.status = Job.Status.Refunded;
        (, address token) = PROVIDERS.settle(
            j.listingId,
            j.gpus,
            noShow ? IProviderRegistry.Outcome.NoShow : IProviderRegistry.Outcome.DisputeSettled,
            0
        );
        emit JobRefunded(jobId, j.amount, noShow);
        // Interaction:
        _payClient(jobId, j, token, j.amount);
    }

    /// @inheritdoc IComputeRouter
    function dispute(bytes32 jobId, bytes32 salt) external {
        Job.Record storage job = _existing(jobId);
        _requireClient(jobId, job, salt);
        Job.Status status = job.status;
        uint40 deadline = job.deadline;
        // External jobs hold no escrow and have no deadline: a Disputed one could never settle.
        if (job.listingId == 0) revert Errors.ComputeRouter_InvalidStatus(jobId, status);
        if (status == Job.Status.Completed) {
            if (block.timestamp > deadline) revert Errors.ComputeRouter_DeadlinePassed(jobId, deadline);
        } else if (status == Job.Status.Started) {
            if (block.timestamp <= deadline) revert Errors.ComputeRouter_DeadlineNotReached(jobId, deadline);
        } else {
            revert Errors.ComputeRouter_InvalidStatus(jobId, status);
        }
        uint40 arbitrationDeadline = uint40(block.timestamp) + ARBITRATION_PERIOD;
        job.status = Job.Status.Disputed;
        job.deadline = arbitrationDeadline;
        emit JobDisputed(jobId, arbitrationDeadline);
    }

    /// @inheritdoc IComputeRouter
    function rate(bytes32 jobId, bytes32 salt, uint8 stars) external {
        Job.Record storage job = _existing(jobId);
        _requireClient(jobId, job, salt);
        if (job.status != Job.Status.Released && job.status != Job.Status.Resolved) {
            revert Errors.ComputeRouter_InvalidStatus(jobId, job.status);
        }
        if (job.rated) revert Errors.ComputeRouter_AlreadyRated(jobId);
        job.rated = true;
        address provider = PROVIDERS.getListing(job.listingId).provider;
        PROVIDERS.rate(provider, stars);
        emit JobRated(jobId, provider, stars);
    }

    /// @inheritdoc IComputeRouter
    function claimClientCredit(bytes32 jobId, bytes32 salt, address token, address to) external {
        Job.Record storage job = _existing(jobId);
        _requireClient(jobId, job, salt);
        uint96 amount = clientCredit[jobId][token];
        if (amount == 0) revert Errors.ComputeRouter_NothingOwed();
        if (to == address(0)) revert Errors.ComputeRouter_ZeroAddress();
        clientCredit[jobId][token] = 0;
        emit Withdrawn(token, msg.sender, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    /// @inheritdoc IComputeRouter
    function withdraw(address token, address to) external {
        uint256 amount = owed[token][msg.sender];
        if (amount == 0) revert Errors.ComputeRouter_NothingOwed();
        if (to == address(0)) revert Errors.ComputeRouter_ZeroAddress();
        owed[token][msg.sender] = 0;
        emit Withdrawn(token, msg.sender, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    // Provider functions

    /// @inheritdoc IComputeRouter
    function start(bytes32 jobId) external {
        Job.Record storage job = _existing(jobId);
        _requireProvider(jobId, job.listingId);
        if (job.status != Job.Status.Funded) revert Errors.ComputeRouter_InvalidStatus(jobId, job.status);
        if (block.timestamp > job.deadline) revert Errors.ComputeRouter_DeadlinePassed(jobId, job.deadline);
        uint40 endBy = uint40(block.timestamp) + uint40(job.hoursBooked) * 1 hours + END_GRACE;
        job.status = Job.Status.Started;
        job.deadline = endBy;
        emit JobStarted(jobId, endBy);
    }

    /// @inheritdoc IComputeRouter
    function complete(bytes32 jobId, uint24 hoursUsed) external {
        Job.Record storage job = _existing(jobId);
        _requireProvider(jobId, job.listingId);
        if (job.status != Job.Status.Started) revert Errors.ComputeRouter_InvalidStatus(jobId, job.status);
        if (hoursUsed > job.hoursBooked) {
            revert Errors.ComputeRouter_HoursExceedBooked(hoursUsed, job.hoursBooked);
        }
        uint40 challengeEnd = uint40(block.timestamp) + CHALLENGE_WINDOW;
        job.status = Job.Status.Completed;
        job.hoursUsed = hoursUsed;
        job.deadline = challengeEnd;
        emit JobCompleted(jobId, hoursUsed, challengeEnd);
    }

    // Arbiter functions

    /// @inheritdoc IComputeRouter
    function resolve(
        bytes32 jobId,
        uint96 providerAmount,
        uint96 clientAmount,
        uint96 slashAmount,
        bool providerAtFault
    ) external onlyRole(ARBITER_ROLE) {
        // Check:
        Job.Record storage job = _existing(jobId);
        Job.Record memory j = job;
        if (j.status != Job.Status.Disputed) revert Errors.ComputeRouter_InvalidStatus(jobId, j.status);
        if (uint256(providerAmount) + clientAmount != j.amount) {
            revert Errors.ComputeRouter_SplitMismatch(providerAmount, clientAmount, j.amount);
        }
        // Effect:
        job.status = Job.Status.Resolved;
        uint64 gpuHours = uint64(j.gpus) * j.hoursUsed;
        (address payout, address token) = PROVIDERS.settle(
            j.listingId,
            j.gpus,
            providerAtFault
                ? IProviderRegistry.Outcome.DisputeLost
                : IProviderRegistry.Outcome.DisputeSettled,
            gpuHours
        );
        // Interaction:
        uint96 slashed;
        if (slashAmount != 0) {
            // Slashed stake compensates the client; an Untracked client claims it through the credit.
            address provider = PROVIDERS.getListing(j.listingId).provider;
            address to = j.tracked ? address(j.client) : address(this);
            slashed = PROVIDERS.slash(provider, slashAmount, to);
            if (!j.tracked && slashed != 0) _holdForClient(jobId, address(PROVIDERS.STAKE_TOKEN()), slashed);
        }
        emit DisputeResolved(jobId, providerAmount, clientAmount, slashed, providerAtFault);
        _pay(token, payout, providerAmount);
        _payClient(jobId, j, token, clientAmount);
    }

    // Governance

    /// @inheritdoc IComputeRouter
    function setFee(uint16 feeBps_, address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (feeBps_ > MAX_FEE_BPS) revert Errors.ComputeRouter_FeeTooHigh(feeBps_, MAX_FEE_BPS);
        if (feeBps_ != 0 && treasury_ == address(0)) revert Errors.ComputeRouter_ZeroAddress();
        feeBps = feeBps_;
        treasury = treasury_;
        emit FeeSet(feeBps_, treasury_);
    }

    /// @inheritdoc IComputeRouter
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc IComputeRouter
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    // Views

    /// @inheritdoc IComputeRouter
    function getJob(bytes32 jobId) external view returns (Job.Record memory) {
        return _jobs[jobId];
    }

    /// @inheritdoc IComputeRouter
    function attestationDigest(Job.Terms calldata terms) external view returns (bytes32) {
        return _hashTerms(terms);
    }

    /// @inheritdoc IComputeRouter
    function externalAttestationDigest(Job.ExternalTerms calldata terms) external view returns (bytes32) {
        return _hashExternalTerms(terms);
    }

    /// @inheritdoc IComputeRouter
    function clientCommitment(address client, bytes32 salt) public pure returns (bytes20) {
        return bytes20(keccak256(abi.encode(client, salt)));
    }

    // Internal

    function _existing(bytes32 jobId) internal view returns (Job.Record storage job) {
        job = _jobs[jobId];
        if (job.status == Job.Status.None) revert Errors.ComputeRouter_JobNotFound(jobId);
    }

    /// @dev A decision routes one job, so its root must be unused; empty terms would record nothing.
    function _checkNewJob(bytes32 jobId, uint16 gpus, uint24 hoursBooked, uint32 logLength) internal view {
        if (_jobs[jobId].status != Job.Status.None) revert Errors.ComputeRouter_JobExists(jobId);
        if (gpus == 0 || hoursBooked == 0 || logLength == 0) revert Errors.ComputeRouter_InvalidTerms();
    }

    function _checkClient(bytes20 client, bool tracked, uint64 team) internal view {
        if (tracked) {
            if (address(client) != msg.sender) {
                revert Errors.ComputeRouter_ClientMismatch(client, msg.sender);
            }
        } else if (team != 0) {
            revert Errors.ComputeRouter_TeamJobUntracked(team);
        }
        if (team != 0 && TEAMS.rolesOf(team, msg.sender) & TeamRoles.USER == 0) {
            revert Errors.ComputeRouter_NotTeamUser(team, msg.sender);
        }
    }

    function _checkTeamProvider(uint64 team, bytes32 providerKey) internal view {
        if (!TEAMS.isProviderAllowed(team, providerKey)) {
            revert Errors.ComputeRouter_ProviderNotWhitelisted(team, providerKey);
        }
    }

    function _checkAttestation(bytes32 digest, uint64 expiry, bytes calldata signature) internal view {
        if (block.timestamp > expiry) {
            revert Errors.ComputeRouter_AttestationExpired(expiry, block.timestamp);
        }
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err != ECDSA.RecoverError.NoError || !hasRole(ROUTER_KEY_ROLE, signer)) {
            revert Errors.ComputeRouter_InvalidAttestation(signer);
        }
    }

    function _hashTerms(Job.Terms calldata t) internal view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    ATTESTATION_TYPEHASH,
                    t.root,
                    t.logLength,
                    t.listingId,
                    t.gpus,
                    t.hoursBooked,
                    t.maxUnitPrice,
                    t.client,
                    t.tracked,
                    t.team,
                    t.expiry
                )
            )
        );
    }

    function _hashExternalTerms(Job.ExternalTerms calldata t) internal view returns (bytes32) {
        bytes memory head = abi.encode(
            EXTERNAL_ATTESTATION_TYPEHASH,
            t.root,
            t.logLength,
            t.providerId,
            t.offerHash,
            t.gpus,
            t.hoursBooked
        );
        return _hashTypedDataV4(
            keccak256(
                abi.encodePacked(head, abi.encode(t.usdPerGpuHour, t.client, t.tracked, t.team, t.expiry))
            )
        );
    }

    /// @dev Two events, each from its own frame, keep createJob's stack shallow without via-IR.
    function _emitJobCreated(Job.Terms calldata t, address provider) internal {
        emit JobCreated(
            t.root,
            t.listingId,
            provider,
            t.tracked ? address(t.client) : address(0),
            t.client,
            t.team,
            t.logLength
        );
    }

    function _emitEscrowFunded(Job.Record memory j, bytes32 jobId, address token, uint96 unitPrice) internal {
        emit EscrowFunded(jobId, token, unitPrice, j.amount, j.gpus, j.hoursBooked, j.deadline);
    }

    function _isClient(Job.Record memory j, bytes32 salt) internal view returns (bool) {
        return j.tracked ? address(j.client) == msg.sender : clientCommitment(msg.sender, salt) == j.client;
    }

    function _requireClient(bytes32 jobId, Job.Record storage job, bytes32 salt) internal view {
        bytes20 client = job.client;
        bool ok = job.tracked ? address(client) == msg.sender : clientCommitment(msg.sender, salt) == client;
        if (!ok) revert Errors.ComputeRouter_NotClient(jobId, msg.sender);
    }

    function _requireProvider(bytes32 jobId, uint32 listingId) internal view {
        if (listingId == 0 || PROVIDERS.getListing(listingId).provider != msg.sender) {
            revert Errors.ComputeRouter_NotProvider(jobId, msg.sender);
        }
    }

    /// @dev Push, and credit on failure (a blacklisted payout must not lock the job).
    function _pay(address token, address to, uint96 amount) internal {
        if (amount == 0) return;
        if (!IERC20(token).trySafeTransfer(to, amount)) _credit(token, to, amount);
    }

    function _credit(address token, address account, uint96 amount) internal {
        owed[token][account] += amount;
        emit PaymentCredited(token, account, amount);
    }

    /// @dev Tracked clients are paid directly; an Untracked client's address is unknown, so its share waits
    /// for a claim with the salt.
    function _payClient(bytes32 jobId, Job.Record memory j, address token, uint96 amount) internal {
        if (amount == 0) return;
        if (j.tracked) _pay(token, address(j.client), amount);
        else _holdForClient(jobId, token, amount);
    }

    function _holdForClient(bytes32 jobId, address token, uint96 amount) internal {
        clientCredit[jobId][token] += amount;
        emit ClientCredited(jobId, token, amount);
    }
}
