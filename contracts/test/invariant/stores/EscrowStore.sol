// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Job} from "../../../src/types/Job.sol";
import {TeamRoles} from "../../../src/types/TeamRoles.sol";

/// @notice Ghost state written by the handlers and read by the invariants: what the contracts should hold,
/// computed without asking them.
contract EscrowStore {
    /// @dev What the handler knew when it created the job.
    struct JobGhost {
        /// The acting account, also for Untracked jobs (whose stored client is only a commitment).
        address client;
        /// Untracked: the salt behind the commitment; zero when Tracked.
        bytes32 salt;
        /// `user` as emitted by JobCreated / ExternalJobRecorded.
        address emittedUser;
        /// Zero for external jobs.
        address token;
        uint96 escrow;
        /// Zero for external jobs.
        uint32 listingId;
        uint16 gpus;
        uint24 hoursBooked;
        bool tracked;
        /// The deadline of the current status, from the handler's clock and the router's constants.
        uint40 deadline;
    }

    /// @dev Measured from balance and credit deltas around the settling call, not from events.
    struct Payout {
        uint256 count;
        uint256 toProvider;
        uint256 toClient;
        uint256 fee;
    }

    struct Refund {
        bool done;
        uint40 at;
        uint40 deadline;
    }

    // Actors and fixtures

    address[] public clients;
    address[] public providers;
    address[] public members;
    /// Every account the router could owe (owed[token][account]).
    address[] public accounts;
    address[] public tokens;
    uint32[] public listings;
    uint64[] public teams;
    bytes32[] public providerKeys;

    // Time

    /// @dev The ghost clock: every handler call warps here first, and only `warp` moves it.
    uint256 public currentTime;

    // Jobs

    bytes32[] public jobIds;
    mapping(bytes32 jobId => JobGhost) internal _jobs;
    mapping(bytes32 jobId => Job.Status[]) internal _history;
    mapping(bytes32 jobId => Payout) internal _payouts;
    mapping(bytes32 jobId => Refund) internal _refunds;

    /// @notice Per token: escrow of unsettled jobs plus every credit the router holds (owed + clientCredit).
    mapping(address token => uint256) public unsettled;

    // Stake

    uint256 public stakeDeposited;
    uint256 public stakeWithdrawn;
    uint256 public stakeSlashed;

    // Teams

    mapping(uint64 teamId => mapping(address account => uint8 roles)) public teamRoles;
    mapping(uint64 teamId => mapping(bytes32 providerKey => bool)) public whitelisted;
    mapping(uint64 teamId => uint32) public whitelistCount;

    // Violations seen by handlers, first message per category ("lifecycle", "refund", "payout", "roles")

    mapping(bytes32 category => string) internal _violations;

    // Successful handler calls per name (Foundry's own table counts calls, reverts and discards)

    string[] internal _callNames;
    mapping(bytes32 name => uint256) public successes;

    constructor(
        address[] memory clients_,
        address[] memory providers_,
        address[] memory members_,
        address[] memory accounts_,
        address[] memory tokens_,
        uint32[] memory listings_,
        bytes32[] memory providerKeys_
    ) {
        clients = clients_;
        providers = providers_;
        members = members_;
        accounts = accounts_;
        tokens = tokens_;
        listings = listings_;
        providerKeys = providerKeys_;
        currentTime = block.timestamp;
    }

    // Fixtures

    function clientCount() external view returns (uint256) {
        return clients.length;
    }

    function providerCount() external view returns (uint256) {
        return providers.length;
    }

    function memberCount() external view returns (uint256) {
        return members.length;
    }

    function accountCount() external view returns (uint256) {
        return accounts.length;
    }

    function tokenCount() external view returns (uint256) {
        return tokens.length;
    }

    function listingCount() external view returns (uint256) {
        return listings.length;
    }

    function providerKeyCount() external view returns (uint256) {
        return providerKeys.length;
    }

    function teamCount() external view returns (uint256) {
        return teams.length;
    }

    // Time

    function advanceTime(uint256 seconds_) external {
        currentTime += seconds_;
    }

    // Jobs

    function jobCount() external view returns (uint256) {
        return jobIds.length;
    }

    function addJob(bytes32 jobId, JobGhost calldata ghost, Job.Status status) external {
        jobIds.push(jobId);
        _jobs[jobId] = ghost;
        _history[jobId].push(status);
        if (ghost.token != address(0)) unsettled[ghost.token] += ghost.escrow;
    }

    function getJob(bytes32 jobId) external view returns (JobGhost memory) {
        return _jobs[jobId];
    }

    /// @notice Every job with its ghost, in one call (the invariants run after every handler call).
    function allJobs() external view returns (bytes32[] memory ids, JobGhost[] memory ghosts) {
        ids = jobIds;
        ghosts = new JobGhost[](ids.length);
        for (uint256 i; i < ids.length; ++i) {
            ghosts[i] = _jobs[ids[i]];
        }
    }

    function pushStatus(bytes32 jobId, Job.Status status, uint40 deadline) external {
        _history[jobId].push(status);
        _jobs[jobId].deadline = deadline;
    }

    function history(bytes32 jobId) external view returns (Job.Status[] memory) {
        return _history[jobId];
    }

    function lastStatus(bytes32 jobId) public view returns (Job.Status) {
        Job.Status[] storage h = _history[jobId];
        return h.length == 0 ? Job.Status.None : h[h.length - 1];
    }

    /// @notice A job whose last status is in `statusMask` (bit i = Status i), starting the search at `seed`.
    /// @param kind 0 any job, 1 escrowed, 2 external, 3 Untracked escrowed.
    /// @param timing 0 any, 1 its deadline has passed, 2 its deadline has not passed (on the ghost clock).
    function pickJob(uint256 seed, uint256 statusMask, uint8 kind, uint8 timing)
        external
        view
        returns (bool found, bytes32)
    {
        uint256 n = jobIds.length;
        for (uint256 i; i < n; ++i) {
            bytes32 id = jobIds[(seed + i) % n];
            JobGhost storage g = _jobs[id];
            bool escrowed = g.listingId != 0;
            if (kind == 1 && !escrowed) continue;
            if (kind == 2 && escrowed) continue;
            if (kind == 3 && (!escrowed || g.tracked)) continue;
            if (timing == 1 && currentTime <= g.deadline) continue;
            if (timing == 2 && currentTime > g.deadline) continue;
            if ((statusMask >> uint8(lastStatus(id))) & 1 != 0) return (true, id);
        }
        return (false, bytes32(0));
    }

    function recordPayout(bytes32 jobId, uint256 toProvider, uint256 toClient, uint256 fee) external {
        Payout storage p = _payouts[jobId];
        p.count += 1;
        p.toProvider += toProvider;
        p.toClient += toClient;
        p.fee += fee;
    }

    function payoutOf(bytes32 jobId) external view returns (Payout memory) {
        return _payouts[jobId];
    }

    function recordRefund(bytes32 jobId, uint40 at, uint40 deadline) external {
        _refunds[jobId] = Refund({done: true, at: at, deadline: deadline});
    }

    function refundOf(bytes32 jobId) external view returns (Refund memory) {
        return _refunds[jobId];
    }

    /// @notice A settlement released `escrow` and left `credits` behind in the router (fee, failed pushes,
    /// Untracked client shares).
    function settle(address token, uint256 escrow, uint256 credits) external {
        _subUnsettled(token, escrow);
        unsettled[token] += credits;
    }

    function addUnsettled(address token, uint256 amount) external {
        unsettled[token] += amount;
    }

    function subUnsettled(address token, uint256 amount) external {
        _subUnsettled(token, amount);
    }

    /// @dev Reports instead of reverting: a reverting handler would undo the very call that broke the books.
    function _subUnsettled(address token, uint256 amount) internal {
        if (amount > unsettled[token]) {
            _report("escrow", "more left the router than the books held");
            unsettled[token] = 0;
        } else {
            unsettled[token] -= amount;
        }
    }

    // Stake

    function recordStake(uint256 amount) external {
        stakeDeposited += amount;
    }

    function recordStakeWithdrawn(uint256 amount) external {
        stakeWithdrawn += amount;
    }

    function recordSlash(uint256 amount) external {
        stakeSlashed += amount;
    }

    // Teams

    function addTeam(uint64 teamId, address creator) external {
        teams.push(teamId);
        teamRoles[teamId][creator] = TeamRoles.ALL;
    }

    function setTeamRoles(uint64 teamId, address account, uint8 roles) external {
        teamRoles[teamId][account] = roles;
    }

    function setWhitelisted(uint64 teamId, bytes32 providerKey, bool allowed) external {
        if (whitelisted[teamId][providerKey] == allowed) return;
        whitelisted[teamId][providerKey] = allowed;
        if (allowed) whitelistCount[teamId] += 1;
        else whitelistCount[teamId] -= 1;
    }

    function isProviderAllowed(uint64 teamId, bytes32 providerKey) public view returns (bool) {
        return whitelistCount[teamId] == 0 || whitelisted[teamId][providerKey];
    }

    /// @notice A team's ghost in one call: roles per member and whether each provider key is allowed, in the
    /// order of `members` and `providerKeys`.
    function teamGhost(uint64 teamId) external view returns (uint8[] memory roles, bool[] memory allowed) {
        roles = new uint8[](members.length);
        for (uint256 i; i < members.length; ++i) {
            roles[i] = teamRoles[teamId][members[i]];
        }
        allowed = new bool[](providerKeys.length);
        for (uint256 i; i < providerKeys.length; ++i) {
            allowed[i] = isProviderAllowed(teamId, providerKeys[i]);
        }
    }

    // Violations

    function report(bytes32 category, string calldata message) external {
        _report(category, message);
    }

    function _report(bytes32 category, string memory message) internal {
        if (bytes(_violations[category]).length == 0) _violations[category] = message;
    }

    function violation(bytes32 category) external view returns (string memory) {
        return _violations[category];
    }

    // Call counts

    function countSuccess(string calldata name) external {
        bytes32 key = keccak256(bytes(name));
        if (successes[key] == 0) _callNames.push(name);
        successes[key] += 1;
    }

    function callNames() external view returns (string[] memory) {
        return _callNames;
    }
}
