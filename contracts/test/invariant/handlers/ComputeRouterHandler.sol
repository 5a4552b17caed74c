// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Vm} from "forge-std/Vm.sol";

import {ComputeRouter} from "../../../src/ComputeRouter.sol";
import {IComputeRouter} from "../../../src/interfaces/IComputeRouter.sol";
import {ProviderRegistry} from "../../../src/ProviderRegistry.sol";
import {Job} from "../../../src/types/Job.sol";
import {Listing} from "../../../src/types/Listing.sol";
import {TeamRoles} from "../../../src/types/TeamRoles.sol";
import {EscrowStore} from "../stores/EscrowStore.sol";
import {BaseHandler} from "./BaseHandler.sol";

/// @notice Drives the router through whole job lifecycles. Each call picks a job in a status where the call
/// should succeed (one in eight takes a job in another status, which the router must refuse), and records in
/// the store what it observed: status, deadline, and the payouts measured from balances.
contract ComputeRouterHandler is BaseHandler {
    ComputeRouter public immutable ROUTER;
    ProviderRegistry public immutable REGISTRY;
    address public immutable USDC;
    address public immutable ARBITER;
    address public immutable PAUSER;
    address public immutable STRANGER;
    address public immutable TREASURY;
    uint256 internal immutable ROUTER_KEY;

    uint24 internal constant MAX_HOURS = 48;
    bytes32 internal constant AKASH = "akash";
    bytes32 internal constant RUNPOD = "runpod";
    uint256 internal constant ANY_STATUS = ~uint256(1);
    uint8 internal constant ANY_TIME = 0;
    uint8 internal constant PASSED = 1;
    uint8 internal constant OPEN = 2;

    /// @dev Who holds what before a settling call; the difference afterwards is what the job paid out.
    struct Snapshot {
        uint256 payoutBalance;
        uint256 payoutOwed;
        uint256 clientBalance;
        uint256 clientOwed;
        uint256 credit;
        uint256 usdcCredit;
        uint256 treasuryOwed;
        uint256 registryUsdc;
    }

    /// @dev What a createJob attempt expects, kept in memory to stay clear of stack limits.
    struct Attempt {
        address client;
        bytes32 salt;
        address token;
        uint256 routerBalance;
        bool duplicate;
        bool teamAllowed;
        bool priceTooLow;
        bool paused;
    }

    struct Settled {
        uint256 toProvider;
        uint256 toClient;
        uint256 fee;
    }

    constructor(
        EscrowStore store,
        ComputeRouter router,
        ProviderRegistry registry,
        uint256 routerKey,
        address arbiter,
        address pauser,
        address stranger,
        address treasury
    ) BaseHandler(store) {
        ROUTER = router;
        REGISTRY = registry;
        USDC = address(registry.STAKE_TOKEN());
        ROUTER_KEY = routerKey;
        ARBITER = arbiter;
        PAUSER = pauser;
        STRANGER = stranger;
        TREASURY = treasury;
    }

    // Job creation

    function createJob(
        uint256 clientSeed,
        uint256 listingSeed,
        uint256 gpuSeed,
        uint256 hoursSeed,
        uint256 flags
    ) external instrument("createJob") {
        _createJob(clientSeed, listingSeed, gpuSeed, hoursSeed, flags, true);
    }

    function createJobUntracked(
        uint256 clientSeed,
        uint256 listingSeed,
        uint256 gpuSeed,
        uint256 hoursSeed,
        uint256 flags
    ) external instrument("createJobUntracked") {
        _createJob(clientSeed, listingSeed, gpuSeed, hoursSeed, flags, false);
    }

    function recordExternalJob(uint256 clientSeed, uint256 gpuSeed, uint256 hoursSeed, uint256 flags)
        external
        instrument("recordExternalJob")
    {
        Job.ExternalTerms memory t;
        Attempt memory a;
        a.client = _client(clientSeed);
        a.paused = ROUTER.paused();
        t.root = keccak256(abi.encode("external", STORE.jobCount(), block.timestamp, gpuSeed));
        t.logLength = 2048;
        t.providerId = flags % 2 == 0 ? AKASH : RUNPOD;
        t.offerHash = keccak256(abi.encode(flags));
        t.gpus = uint16(_bound(gpuSeed, 1, 8));
        t.hoursBooked = uint24(_bound(hoursSeed, 1, MAX_HOURS));
        t.usdPerGpuHour = uint96(_bound(flags >> 8, 1e5, 1e7));
        t.tracked = _roll(flags, 2) == 0;
        t.client = _clientField(a, t.tracked, t.root);
        (t.team, a.teamAllowed) = _team(a.client, t.tracked, flags, t.providerId);
        t.expiry = uint64(block.timestamp + 10 minutes);
        bytes memory sig = _sign(ROUTER.externalAttestationDigest(t));

        vm.recordLogs();
        vm.prank(a.client);
        try ROUTER.recordExternalJob(t, sig) returns (bytes32 jobId) {
            _checkCreation(a);
            EscrowStore.JobGhost memory g;
            g.client = a.client;
            g.salt = a.salt;
            g.emittedUser = _emittedUser(IComputeRouter.ExternalJobRecorded.selector);
            g.gpus = t.gpus;
            g.hoursBooked = t.hoursBooked;
            g.tracked = t.tracked;
            STORE.addJob(jobId, g, ROUTER.getJob(jobId).status);
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    // Client calls

    function updateExternalJob(uint256 jobSeed, uint256 statusSeed, uint256 callerSeed)
        external
        instrument("updateExternalJob")
    {
        (bool found, bytes32 jobId) =
            _pick(jobSeed, _mask(Job.Status.Recorded) | _mask(Job.Status.Started), 2, ANY_TIME);
        if (!found) {
            _skip();
            return;
        }
        EscrowStore.JobGhost memory g = STORE.getJob(jobId);
        uint256 pick = _roll(statusSeed, 8);
        // One call in eight asks for a status external jobs never take.
        Job.Status status = pick == 7
            ? Job.Status.Released
            : pick < 3 ? Job.Status.Started : pick < 5 ? Job.Status.Cancelled : Job.Status.Completed;
        (address caller, bytes32 salt) = _clientOrStranger(g, callerSeed);
        vm.prank(caller);
        try ROUTER.updateExternalJob(jobId, salt, status) {
            if (caller != g.client) STORE.report("lifecycle", "a non-client updated an external job");
            if (g.listingId != 0) STORE.report("lifecycle", "updateExternalJob moved an escrowed job");
            STORE.pushStatus(jobId, status, 0);
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    function release(uint256 jobSeed, uint256 callerSeed) external instrument("release") {
        // Half the calls come from a stranger, which works only after the challenge window: mostly on jobs
        // whose window has passed.
        bool byClient = _roll(callerSeed, 2) == 0;
        uint8 timing = byClient || _oneIn(jobSeed, 4) ? ANY_TIME : PASSED;
        (bool found, bytes32 jobId) = _pick(jobSeed, _mask(Job.Status.Completed), 1, timing);
        if (!found) {
            _skip();
            return;
        }
        EscrowStore.JobGhost memory g = STORE.getJob(jobId);
        address caller = byClient ? g.client : STRANGER;
        bytes32 salt = byClient ? g.salt : bytes32(0);
        Snapshot memory before = _snapshot(jobId, g);
        vm.prank(caller);
        try ROUTER.release(jobId, salt) {
            if (!byClient && _now() <= g.deadline) {
                STORE.report("lifecycle", "a stranger released inside the challenge window");
            }
            Settled memory s = _settled(jobId, g, before);
            Job.Record memory r = ROUTER.getJob(jobId);
            uint256 earned = uint256(g.escrow) * r.hoursUsed / g.hoursBooked;
            uint256 fee = earned * ROUTER.feeBps() / 10_000;
            if (s.toProvider != earned - fee || s.fee != fee || s.toClient != g.escrow - earned) {
                STORE.report("payout", "release split differs from hours used and fee");
            }
            STORE.pushStatus(jobId, Job.Status.Released, g.deadline);
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    function refund(uint256 jobSeed) external instrument("refund") {
        uint256 mask = _mask(Job.Status.Funded) | _mask(Job.Status.Disputed);
        // Mostly jobs past their deadline; one in four any, where an early refund must fail.
        (bool found, bytes32 jobId) = _pick(jobSeed, mask, 1, _oneIn(jobSeed, 4) ? ANY_TIME : PASSED);
        if (!found) {
            _skip();
            return;
        }
        EscrowStore.JobGhost memory g = STORE.getJob(jobId);
        Snapshot memory before = _snapshot(jobId, g);
        vm.prank(STRANGER);
        try ROUTER.refund(jobId) {
            STORE.recordRefund(jobId, _now(), g.deadline);
            Settled memory s = _settled(jobId, g, before);
            if (s.toClient != g.escrow) STORE.report("payout", "refund returned other than the escrow");
            STORE.pushStatus(jobId, Job.Status.Refunded, g.deadline);
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    function dispute(uint256 jobSeed, uint256 callerSeed) external instrument("dispute") {
        // Mostly a Completed job inside its window or a Started one past its end-by time; one in four any.
        (bool found, bytes32 jobId) = _oneIn(jobSeed, 4)
            ? _pick(jobSeed, _mask(Job.Status.Started) | _mask(Job.Status.Completed), 1, ANY_TIME)
            : _roll(jobSeed, 2) == 0
                ? _pick(jobSeed, _mask(Job.Status.Completed), 1, OPEN)
                : _pick(jobSeed, _mask(Job.Status.Started), 1, PASSED);
        if (!found) {
            _skip();
            return;
        }
        EscrowStore.JobGhost memory g = STORE.getJob(jobId);
        (address caller, bytes32 salt) = _clientOrStranger(g, callerSeed);
        Job.Status last = STORE.lastStatus(jobId);
        vm.prank(caller);
        try ROUTER.dispute(jobId, salt) {
            if (caller != g.client) STORE.report("lifecycle", "a non-client disputed");
            if (last == Job.Status.Completed && _now() > g.deadline) {
                STORE.report("lifecycle", "disputed after the challenge window");
            }
            if (last == Job.Status.Started && _now() <= g.deadline) {
                STORE.report("lifecycle", "disputed a running job before its end-by time");
            }
            STORE.pushStatus(jobId, Job.Status.Disputed, _now() + ROUTER.ARBITRATION_PERIOD());
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    function rate(uint256 jobSeed, uint256 starsSeed) external instrument("rate") {
        (bool found, bytes32 jobId) =
            _pick(jobSeed, _mask(Job.Status.Released) | _mask(Job.Status.Resolved), 1, ANY_TIME);
        if (!found) {
            _skip();
            return;
        }
        EscrowStore.JobGhost memory g = STORE.getJob(jobId);
        // One call in eight rates outside 1–5 stars, which must fail.
        uint8 stars = _oneIn(starsSeed, 8) ? uint8((starsSeed >> 3) % 2 * 6) : uint8(_bound(starsSeed, 1, 5));
        bool wasRated = ROUTER.getJob(jobId).rated;
        vm.prank(g.client);
        try ROUTER.rate(jobId, g.salt, stars) {
            if (wasRated) STORE.report("lifecycle", "a job was rated twice");
            if (stars == 0 || stars > 5) STORE.report("lifecycle", "a rating outside 1-5 stars");
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    function claimClientCredit(uint256 jobSeed, uint256 tokenSeed, uint256 callerSeed)
        external
        instrument("claimClientCredit")
    {
        uint256 settledMask =
            _mask(Job.Status.Released) | _mask(Job.Status.Refunded) | _mask(Job.Status.Resolved);
        (bool found, bytes32 jobId) = STORE.pickJob(jobSeed, settledMask, 3, ANY_TIME);
        if (!found) {
            _skip();
            return;
        }
        EscrowStore.JobGhost memory g = STORE.getJob(jobId);
        // Prefer a token that holds a credit, so most claims pay.
        address token = STORE.tokens(tokenSeed % STORE.tokenCount());
        if (ROUTER.clientCredit(jobId, token) == 0) {
            token = STORE.tokens((tokenSeed + 1) % STORE.tokenCount());
        }
        uint256 amount = ROUTER.clientCredit(jobId, token);
        // Already claimed: one call in eight still tries, which must fail.
        if (amount == 0 && !_oneIn(tokenSeed, 8)) {
            _skip();
            return;
        }
        (address caller, bytes32 salt) = _clientOrStranger(g, callerSeed);
        uint256 balance = IERC20(token).balanceOf(g.client);
        vm.prank(caller);
        try ROUTER.claimClientCredit(jobId, salt, token, g.client) {
            if (caller != g.client) STORE.report("payout", "a non-client claimed a client credit");
            if (IERC20(token).balanceOf(g.client) - balance != amount) {
                STORE.report("payout", "a claim paid other than the credit");
            }
            STORE.subUnsettled(token, amount);
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    function withdraw(uint256 accountSeed, uint256 tokenSeed) external instrument("withdraw") {
        (bool found, address account, address token) = _owedAccount(accountSeed, tokenSeed);
        // Nothing owed anywhere: one call in eight still tries, which must fail.
        if (!found && !_oneIn(accountSeed, 8)) {
            _skip();
            return;
        }
        uint256 amount = ROUTER.owed(token, account);
        uint256 balance = IERC20(token).balanceOf(account);
        vm.prank(account);
        try ROUTER.withdraw(token, account) {
            if (IERC20(token).balanceOf(account) - balance != amount) {
                STORE.report("payout", "withdraw paid other than what was owed");
            }
            STORE.subUnsettled(token, amount);
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    // Provider calls

    function start(uint256 jobSeed, uint256 callerSeed) external instrument("start") {
        // Mostly jobs inside their start window; one in four any, where a late start must fail.
        (bool found, bytes32 jobId) =
            _pick(jobSeed, _mask(Job.Status.Funded), 1, _oneIn(jobSeed, 4) ? ANY_TIME : OPEN);
        if (!found) {
            _skip();
            return;
        }
        EscrowStore.JobGhost memory g = STORE.getJob(jobId);
        address provider = REGISTRY.getListing(g.listingId).provider;
        address caller = _oneIn(callerSeed, 8) || provider == address(0) ? STRANGER : provider;
        vm.prank(caller);
        try ROUTER.start(jobId) {
            if (caller != provider) STORE.report("lifecycle", "a non-provider started a job");
            if (_now() > g.deadline) STORE.report("lifecycle", "started after the start deadline");
            uint40 endBy = _now() + uint40(g.hoursBooked) * 1 hours + ROUTER.END_GRACE();
            STORE.pushStatus(jobId, Job.Status.Started, endBy);
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    function complete(uint256 jobSeed, uint256 hoursSeed, uint256 callerSeed)
        external
        instrument("complete")
    {
        (bool found, bytes32 jobId) = _pick(jobSeed, _mask(Job.Status.Started), 1, ANY_TIME);
        if (!found) {
            _skip();
            return;
        }
        EscrowStore.JobGhost memory g = STORE.getJob(jobId);
        address provider = REGISTRY.getListing(g.listingId).provider;
        address caller = _oneIn(callerSeed, 8) || provider == address(0) ? STRANGER : provider;
        // One call in sixteen reports more hours than booked, which must fail.
        uint24 hoursUsed =
            _oneIn(hoursSeed, 16) ? g.hoursBooked + 1 : uint24(_bound(hoursSeed, 0, g.hoursBooked));
        vm.prank(caller);
        try ROUTER.complete(jobId, hoursUsed) {
            if (caller != provider) STORE.report("lifecycle", "a non-provider completed a job");
            if (hoursUsed > g.hoursBooked) {
                STORE.report("lifecycle", "completed with more hours than booked");
            }
            STORE.pushStatus(jobId, Job.Status.Completed, _now() + ROUTER.CHALLENGE_WINDOW());
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    // Arbiter calls

    function resolve(uint256 jobSeed, uint256 splitSeed, uint256 slashSeed, bool providerAtFault)
        external
        instrument("resolve")
    {
        (bool found, bytes32 jobId) = _pick(jobSeed, _mask(Job.Status.Disputed), 1, ANY_TIME);
        // The arbiter ignores one dispute in three, so that the refund after its deadline gets exercised too.
        if (!found || uint256(jobId) % 3 == 0) {
            _skip();
            return;
        }
        EscrowStore.JobGhost memory g = STORE.getJob(jobId);
        uint96 providerAmount = uint96(_bound(splitSeed, 0, g.escrow));
        // One call in sixteen splits more than the escrow, which must fail.
        uint96 clientAmount = g.escrow - providerAmount + (_oneIn(splitSeed, 16) ? 1 : 0);
        uint96 slashAmount;
        if (_roll(slashSeed, 3) != 0) {
            address provider = REGISTRY.getListing(g.listingId).provider;
            uint256 stake = REGISTRY.stakeOf(provider).staked + REGISTRY.stakeOf(provider).unbonding;
            slashAmount = uint96(_bound(slashSeed, 1, stake + 1e6));
        }
        // One call in sixteen comes from a stranger, which must fail.
        address caller = _oneIn(slashSeed, 16) ? STRANGER : ARBITER;
        Snapshot memory before = _snapshot(jobId, g);
        vm.prank(caller);
        try ROUTER.resolve(jobId, providerAmount, clientAmount, slashAmount, providerAtFault) {
            if (caller != ARBITER) STORE.report("roles", "a non-arbiter resolved a dispute");
            Settled memory s = _settled(jobId, g, before);
            if (s.toProvider != providerAmount || s.toClient != clientAmount) {
                STORE.report("payout", "resolve paid other than the arbiter's split");
            }
            STORE.pushStatus(jobId, Job.Status.Resolved, g.deadline);
            _ok();
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    // Governance and time

    /// @dev Most calls come from a client and must be refused (a refusal counts as success). The pauser's
    /// one in 32 keeps the market closed until the next `unpause`: a few percent of the time.
    function pause(uint256 callerSeed) external instrument("pause") {
        if (!_oneIn(callerSeed, 32)) {
            address caller = _client(callerSeed >> 2);
            vm.prank(caller);
            try ROUTER.pause() {
                STORE.report("roles", "a non-pauser paused the router");
            } catch {
                _ok();
            }
            return;
        }
        if (ROUTER.paused()) {
            _skip();
            return;
        }
        vm.prank(PAUSER);
        ROUTER.pause();
        _ok();
    }

    function unpause() external instrument("unpause") {
        if (!ROUTER.paused()) {
            _skip();
            return;
        }
        vm.prank(PAUSER);
        ROUTER.unpause();
        _ok();
    }

    /// @dev Anyone but the admin tries to grant itself a router or registry role; all must fail, and a
    /// refusal counts as success.
    function grantRoleUnauthorized(uint256 actorSeed, uint256 roleSeed) external instrument("grantRole") {
        address[4] memory actors = [_client(actorSeed), ARBITER, PAUSER, STRANGER];
        address actor = actors[(actorSeed >> 8) % 4];
        bytes32[4] memory roles = [
            ROUTER.DEFAULT_ADMIN_ROLE(), ROUTER.ROUTER_KEY_ROLE(), ROUTER.ARBITER_ROLE(), ROUTER.PAUSER_ROLE()
        ];
        bytes32 role = roles[roleSeed % 4];
        bytes32 registryAdmin = REGISTRY.DEFAULT_ADMIN_ROLE();
        vm.prank(actor);
        if ((roleSeed >> 8) % 4 == 0) {
            try REGISTRY.grantRole(registryAdmin, actor) {
                STORE.report("roles", "a non-admin granted itself a registry role");
            } catch {
                _ok();
            }
        } else {
            try ROUTER.grantRole(role, actor) {
                STORE.report("roles", "a non-admin granted itself a router role");
            } catch {
                _ok();
            }
        }
    }

    function warp(uint256 seed) external instrument("warp") {
        // Half inside the start window, a quarter up to two days, then past the challenge window or past the
        // arbitration period (which is also the unbonding delay).
        uint256 pick = _roll(seed, 8);
        uint256 jump = pick < 4
            ? _bound(seed >> 3, 1 minutes, ROUTER.START_WINDOW())
            : pick < 6
                ? _bound(seed >> 3, ROUTER.START_WINDOW(), 2 days)
                : pick == 6 ? ROUTER.CHALLENGE_WINDOW() + 1 : ROUTER.ARBITRATION_PERIOD() + 1;
        STORE.advanceTime(jump);
        vm.warp(STORE.currentTime());
        _ok();
    }

    // Internal: creation

    function _createJob(
        uint256 clientSeed,
        uint256 listingSeed,
        uint256 gpuSeed,
        uint256 hoursSeed,
        uint256 flags,
        bool tracked
    ) internal {
        Job.Terms memory t;
        Attempt memory a;
        Listing.Record memory l;
        a.client = _client(clientSeed);
        a.paused = ROUTER.paused();
        (t.listingId, l) = _openListing(listingSeed);
        a.token = l.token;
        uint16 free = l.gpuCount - l.reservedGpus;
        t.gpus = uint16(_bound(gpuSeed, 1, free == 0 ? 1 : free));
        t.hoursBooked = uint24(_bound(hoursSeed, 1, MAX_HOURS));
        t.logLength = 4096;
        t.root = keccak256(abi.encode("decision", STORE.jobCount(), block.timestamp, gpuSeed));
        // One call in sixteen reuses an existing id, which must fail.
        if (_oneIn(flags, 16) && STORE.jobCount() != 0) {
            t.root = STORE.jobIds((flags >> 8) % STORE.jobCount());
            a.duplicate = true;
        }
        t.tracked = tracked;
        t.client = _clientField(a, tracked, t.root);
        (t.team, a.teamAllowed) = _team(a.client, tracked, flags, bytes32(uint256(uint160(l.provider))));
        t.maxUnitPrice = type(uint96).max;
        // One call in eight attests a price just below the listing's, which must fail.
        if (_oneIn(flags, 8)) {
            (, uint96 unit,) = REGISTRY.quote(t.listingId, t.gpus, t.hoursBooked);
            t.maxUnitPrice = unit - 1;
            a.priceTooLow = true;
        }
        t.expiry = uint64(block.timestamp + 10 minutes);
        bytes memory sig = _sign(ROUTER.attestationDigest(t));
        a.routerBalance = IERC20(l.token).balanceOf(address(ROUTER));

        vm.recordLogs();
        vm.prank(a.client);
        try ROUTER.createJob(t, sig) returns (bytes32 jobId) {
            _onCreated(jobId, t, a);
        } catch (bytes memory reason) {
            _bubble(reason);
        }
    }

    function _onCreated(bytes32 jobId, Job.Terms memory t, Attempt memory a) internal {
        _checkCreation(a);
        if (a.priceTooLow) STORE.report("lifecycle", "a job was created above the attested price");
        Job.Record memory r = ROUTER.getJob(jobId);
        if (IERC20(a.token).balanceOf(address(ROUTER)) - a.routerBalance != r.amount) {
            STORE.report("escrow", "createJob pulled other than the escrow");
        }
        EscrowStore.JobGhost memory g;
        g.client = a.client;
        g.salt = a.salt;
        g.emittedUser = _emittedUser(IComputeRouter.JobCreated.selector);
        g.token = a.token;
        g.escrow = r.amount;
        g.listingId = t.listingId;
        g.gpus = t.gpus;
        g.hoursBooked = t.hoursBooked;
        g.tracked = t.tracked;
        g.deadline = _now() + ROUTER.START_WINDOW();
        STORE.addJob(jobId, g, r.status);
        _ok();
    }

    function _checkCreation(Attempt memory a) internal {
        if (a.duplicate) STORE.report("lifecycle", "a job id was used twice");
        if (a.paused) STORE.report("lifecycle", "a job was created while paused");
        if (!a.teamAllowed) {
            STORE.report("roles", "a team job without the User role or a whitelisted provider");
        }
    }

    /// @dev Tracked: the client's address. Untracked: a commitment with a fresh salt, kept in `a`.
    function _clientField(Attempt memory a, bool tracked, bytes32 root) internal view returns (bytes20) {
        if (tracked) return bytes20(a.client);
        a.salt = keccak256(abi.encode("salt", a.client, root));
        return ROUTER.clientCommitment(a.client, a.salt);
    }

    /// @dev One Tracked call in four books for a team; whether the router should accept comes from the ghost.
    function _team(address client, bool tracked, uint256 flags, bytes32 providerKey)
        internal
        view
        returns (uint64 team, bool allowed)
    {
        if (!tracked || !_oneIn(flags, 4) || STORE.teamCount() == 0) return (0, true);
        team = STORE.teams((flags >> 16) % STORE.teamCount());
        allowed =
            STORE.teamRoles(team, client) & TeamRoles.USER != 0 && STORE.isProviderAllowed(team, providerKey);
    }

    function _sign(bytes32 digest) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ROUTER_KEY, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @dev The `user` field of the router's creation event; both events put it in the first data words.
    function _emittedUser(bytes32 selector) internal returns (address user) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(ROUTER) || logs[i].topics[0] != selector) continue;
            if (selector == IComputeRouter.JobCreated.selector) {
                (user,,,) = abi.decode(logs[i].data, (address, bytes20, uint64, uint32));
            } else {
                (, user) = abi.decode(logs[i].data, (bytes32, address));
            }
            return user;
        }
        STORE.report("lifecycle", "a job was created without its creation event");
    }

    // Internal: settlement

    function _snapshot(bytes32 jobId, EscrowStore.JobGhost memory g)
        internal
        view
        returns (Snapshot memory s)
    {
        IERC20 token = IERC20(g.token == address(0) ? USDC : g.token);
        address payout = REGISTRY.payoutOf(REGISTRY.getListing(g.listingId).provider);
        s.payoutBalance = token.balanceOf(payout);
        s.payoutOwed = ROUTER.owed(address(token), payout);
        s.clientBalance = g.tracked ? token.balanceOf(g.client) : 0;
        s.clientOwed = ROUTER.owed(address(token), g.client);
        s.credit = ROUTER.clientCredit(jobId, address(token));
        s.usdcCredit = ROUTER.clientCredit(jobId, USDC);
        s.treasuryOwed = ROUTER.owed(address(token), TREASURY);
        s.registryUsdc = IERC20(USDC).balanceOf(address(REGISTRY));
    }

    /// @dev Books a settlement: what went to whom (slashed stake excluded, it is not escrow), the credits
    /// left in the router, and the stake slashed.
    function _settled(bytes32 jobId, EscrowStore.JobGhost memory g, Snapshot memory b)
        internal
        returns (Settled memory s)
    {
        Snapshot memory n = _snapshot(jobId, g);
        address token = g.token == address(0) ? USDC : g.token;
        uint256 slashed = _delta(b.registryUsdc, n.registryUsdc);
        uint256 payoutCredit = _delta(n.payoutOwed, b.payoutOwed);
        uint256 clientCredit = _delta(n.clientOwed, b.clientOwed) + _delta(n.credit, b.credit);
        s.fee = _delta(n.treasuryOwed, b.treasuryOwed);
        s.toProvider = _delta(n.payoutBalance, b.payoutBalance) + payoutCredit;
        s.toClient = _delta(n.clientBalance, b.clientBalance) + clientCredit;
        // Slashed USDC reaches the client too (directly, or as an Untracked credit); it is not escrow.
        if (token == USDC) s.toClient = _delta(s.toClient, slashed);
        STORE.recordPayout(jobId, s.toProvider, s.toClient, s.fee);
        STORE.settle(token, g.escrow, payoutCredit + clientCredit + s.fee);
        if (token != USDC) STORE.addUnsettled(USDC, _delta(n.usdcCredit, b.usdcCredit));
        STORE.recordSlash(slashed);
    }

    /// @dev `later - earlier`, reporting instead of reverting (a reverting handler would hide the call).
    function _delta(uint256 later, uint256 earlier) internal returns (uint256) {
        if (later >= earlier) return later - earlier;
        STORE.report("payout", "a balance or credit moved the wrong way during a settlement");
        return 0;
    }

    // Internal: picking

    /// @dev An Available listing with free GPUs, searched from the seed; otherwise the seeded one (which the
    /// registry must refuse).
    function _openListing(uint256 seed) internal view returns (uint32 listingId, Listing.Record memory l) {
        uint256 n = STORE.listingCount();
        for (uint256 i; i < n; ++i) {
            listingId = STORE.listings((seed + i) % n);
            l = REGISTRY.getListing(listingId);
            if (l.capacity == Listing.Capacity.Available && l.reservedGpus < l.gpuCount) {
                return (listingId, l);
            }
        }
        listingId = STORE.listings(seed % n);
        l = REGISTRY.getListing(listingId);
    }

    /// @dev One call in eight takes a job in any other status (half of them of any kind, escrowed or
    /// external), which the router must refuse.
    function _pick(uint256 seed, uint256 statusMask, uint8 kind, uint8 timing)
        internal
        view
        returns (bool, bytes32)
    {
        if (_oneIn(seed, 8)) {
            return STORE.pickJob(seed, ANY_STATUS & ~statusMask, _roll(seed, 2) == 0 ? kind : 0, ANY_TIME);
        }
        return STORE.pickJob(seed, statusMask, kind, timing);
    }

    function _mask(Job.Status status) internal pure returns (uint256) {
        return uint256(1) << uint8(status);
    }

    function _client(uint256 seed) internal view returns (address) {
        return STORE.clients(seed % STORE.clientCount());
    }

    /// @dev The client with its salt, or one call in eight a stranger (which must be refused).
    function _clientOrStranger(EscrowStore.JobGhost memory g, uint256 seed)
        internal
        view
        returns (address, bytes32)
    {
        return _oneIn(seed, 8) ? (STRANGER, g.salt) : (g.client, g.salt);
    }

    /// @dev An account with something owed, searched from the seed; otherwise the seeded one.
    function _owedAccount(uint256 accountSeed, uint256 tokenSeed)
        internal
        view
        returns (bool, address, address)
    {
        uint256 accounts = STORE.accountCount();
        uint256 tokens = STORE.tokenCount();
        for (uint256 i; i < accounts * tokens; ++i) {
            address account = STORE.accounts((accountSeed + i / tokens) % accounts);
            address token = STORE.tokens((tokenSeed + i) % tokens);
            if (ROUTER.owed(token, account) != 0) return (true, account, token);
        }
        return (false, STORE.accounts(accountSeed % accounts), STORE.tokens(tokenSeed % tokens));
    }
}
