// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {console} from "forge-std/console.sol";

import {IProviderRegistry} from "../../src/interfaces/IProviderRegistry.sol";
import {Job} from "../../src/types/Job.sol";
import {Listing} from "../../src/types/Listing.sol";
import {TeamRoles} from "../../src/types/TeamRoles.sol";
import {Base} from "../utils/Base.t.sol";
import {ComputeRouterHandler} from "./handlers/ComputeRouterHandler.sol";
import {ProviderRegistryHandler} from "./handlers/ProviderRegistryHandler.sol";
import {TeamRegistryHandler} from "./handlers/TeamRegistryHandler.sol";
import {EscrowStore} from "./stores/EscrowStore.sol";

/// @notice Invariants of the router, the registry and the teams under random sequences of handler calls.
/// Each invariant is described in words in README.md.
contract InvariantTest is Base {
    EscrowStore internal store;
    ComputeRouterHandler internal routerHandler;
    ProviderRegistryHandler internal registryHandler;
    TeamRegistryHandler internal teamHandler;

    address internal client2 = makeAddr("client2");
    address internal client3 = makeAddr("client3");
    address internal member = makeAddr("member");
    address internal provider2 = makeAddr("provider2");
    address internal provider3 = makeAddr("provider3");
    address internal payout2 = makeAddr("payout2");
    address internal payout3 = makeAddr("payout3");
    address internal treasury = makeAddr("treasury");

    /// @dev Protocol fee of 2.5%, so releases exercise the treasury credit.
    uint16 internal constant FEE_BPS = 250;
    bytes32 internal constant AKASH = "akash";
    bytes32 internal constant RUNPOD = "runpod";

    // The router's role ids, spelled out so the checks make no extra calls.
    bytes32 internal constant ADMIN_ROLE = 0x00;
    bytes32 internal constant ROUTER_KEY_ROLE = keccak256("ROUTER_KEY_ROLE");
    bytes32 internal constant ARBITER_ROLE = keccak256("ARBITER_ROLE");
    bytes32 internal constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    // Fixtures, kept here too: the invariants run after every call and each store call costs time.
    address[] internal _tokens;
    address[] internal _accounts;
    address[] internal _providers;
    address[] internal _members;
    uint32[] internal _listings;
    bytes32[] internal _keys;
    address[] internal _everyone;

    function setUp() public override {
        super.setUp();
        // Base warms the router with 1 unit for gas figures; the balance invariant needs escrow only.
        deal(address(usdc), address(router), 0);
        vm.prank(admin);
        router.setFee(FEE_BPS, treasury);

        address[] memory clients = new address[](3);
        clients[0] = client;
        clients[1] = client2;
        clients[2] = client3;
        for (uint256 i; i < clients.length; ++i) {
            deal(address(usdc), clients[i], 1e15);
            akt.mint(clients[i], 1e27);
            vm.startPrank(clients[i]);
            usdc.approve(address(router), type(uint256).max);
            akt.approve(address(router), type(uint256).max);
            vm.stopPrank();
        }

        address[] memory providers = new address[](3);
        providers[0] = provider;
        providers[1] = provider2;
        providers[2] = provider3;
        vm.prank(provider2);
        registry.registerProvider(payout2, "ipfs://provider2");
        vm.prank(provider3);
        registry.registerProvider(payout3, "ipfs://provider3");
        for (uint256 i; i < providers.length; ++i) {
            deal(address(usdc), providers[i], 1e13);
            vm.prank(providers[i]);
            usdc.approve(address(registry), type(uint256).max);
        }

        uint32[] memory listings = new uint32[](4);
        listings[0] = fixedListing;
        listings[1] = _addListing(provider2, Listing.PricingModel.Dynamic, address(usdc), 1e6, 10_000, 16);
        listings[2] = _addListing(provider3, Listing.PricingModel.Token, address(akt), 5e18, 0, 4);
        listings[3] = _addListing(provider3, Listing.PricingModel.Fixed, address(usdc), 3e6, 0, 2);

        address[] memory members = new address[](4);
        members[0] = client;
        members[1] = client2;
        members[2] = client3;
        members[3] = member;

        address[] memory accounts = new address[](11);
        accounts[0] = treasury;
        accounts[1] = payout;
        accounts[2] = payout2;
        accounts[3] = payout3;
        accounts[4] = client;
        accounts[5] = client2;
        accounts[6] = client3;
        accounts[7] = provider;
        accounts[8] = provider2;
        accounts[9] = provider3;
        accounts[10] = stranger;

        address[] memory tokens = new address[](2);
        tokens[0] = address(usdc);
        tokens[1] = address(akt);

        bytes32[] memory keys = new bytes32[](5);
        keys[0] = bytes32(uint256(uint160(provider)));
        keys[1] = bytes32(uint256(uint160(provider2)));
        keys[2] = bytes32(uint256(uint160(provider3)));
        keys[3] = AKASH;
        keys[4] = RUNPOD;

        store = new EscrowStore(clients, providers, members, accounts, tokens, listings, keys);
        _tokens = tokens;
        _accounts = accounts;
        _providers = providers;
        _members = members;
        _listings = listings;
        _keys = keys;
        routerHandler =
            new ComputeRouterHandler(store, router, registry, routerKey, arbiter, pauser, stranger, treasury);
        registryHandler = new ProviderRegistryHandler(store, registry);
        teamHandler = new TeamRegistryHandler(store, teams);

        targetContract(address(routerHandler));
        targetContract(address(registryHandler));
        targetContract(address(teamHandler));

        _everyone = accounts;
        address[11] memory others = [
            member,
            admin,
            arbiter,
            pauser,
            routerSigner,
            address(this),
            address(store),
            address(routerHandler),
            address(registryHandler),
            address(teamHandler),
            address(router)
        ];
        for (uint256 i; i < others.length; ++i) {
            _everyone.push(others[i]);
        }
    }

    // 1. Solvency

    function invariant_RouterBalanceEqualsUnsettledEscrow() external view {
        (bytes32[] memory ids, EscrowStore.JobGhost[] memory ghosts) = store.allJobs();
        uint256[] memory expected = new uint256[](_tokens.length);
        for (uint256 j; j < ids.length; ++j) {
            Job.Record memory r = router.getJob(ids[j]);
            for (uint256 t; t < _tokens.length; ++t) {
                if (_isLive(r.status) && ghosts[j].token == _tokens[t]) expected[t] += r.amount;
                expected[t] += router.clientCredit(ids[j], _tokens[t]);
            }
        }
        for (uint256 t; t < _tokens.length; ++t) {
            for (uint256 a; a < _accounts.length; ++a) {
                expected[t] += router.owed(_tokens[t], _accounts[a]);
            }
            uint256 balance = IERC20(_tokens[t]).balanceOf(address(router));
            assertEq(balance, expected[t], "router balance != live escrow + owed + client credits");
            assertEq(
                balance, store.unsettled(_tokens[t]), "router balance != ghost unsettled escrow and credits"
            );
        }
        assertEq(store.violation("escrow"), "", "escrow");
    }

    // 2. Single payout

    function invariant_EachJobPaysOutAtMostOnce() external view {
        (bytes32[] memory ids, EscrowStore.JobGhost[] memory ghosts) = store.allJobs();
        for (uint256 j; j < ids.length; ++j) {
            EscrowStore.Payout memory p = store.payoutOf(ids[j]);
            uint256 paid = p.toProvider + p.toClient + p.fee;
            assertLe(p.count, 1, "a job paid out twice");
            assertLe(paid, ghosts[j].escrow, "a job paid out more than its escrow");
            Job.Status status = router.getJob(ids[j]).status;
            bool settled = status == Job.Status.Released || status == Job.Status.Refunded
                || status == Job.Status.Resolved;
            if (settled) {
                assertEq(p.count, 1, "a settled job has no payout");
                assertEq(paid, ghosts[j].escrow, "a settled job paid out other than its escrow");
            } else {
                assertEq(p.count, 0, "an unsettled job paid out");
            }
        }
        assertEq(store.violation("payout"), "", "payout");
    }

    // 3. Terminal states

    function invariant_TerminalStatesNeverChange() external view {
        (bytes32[] memory ids, EscrowStore.JobGhost[] memory ghosts) = store.allJobs();
        for (uint256 j; j < ids.length; ++j) {
            bool escrowed = ghosts[j].listingId != 0;
            Job.Status[] memory h = store.history(ids[j]);
            Job.Status current = router.getJob(ids[j]).status;
            assertEq(uint8(current), uint8(h[h.length - 1]), "status changed unobserved");
            for (uint256 i; i + 1 < h.length; ++i) {
                assertFalse(_isTerminal(h[i], escrowed), "a terminal status changed");
                assertTrue(_isAllowed(h[i], h[i + 1], escrowed), "a transition outside the lifecycle");
            }
        }
        assertEq(store.violation("lifecycle"), "", "lifecycle");
    }

    // 4. Refund deadline

    function invariant_NoRefundBeforeDeadline() external view {
        (bytes32[] memory ids, EscrowStore.JobGhost[] memory ghosts) = store.allJobs();
        for (uint256 j; j < ids.length; ++j) {
            EscrowStore.Refund memory refund = store.refundOf(ids[j]);
            if (refund.done) assertGt(refund.at, refund.deadline, "refunded at or before the deadline");
            Job.Record memory r = router.getJob(ids[j]);
            if (_isLive(r.status)) assertEq(r.deadline, ghosts[j].deadline, "deadline != ghost deadline");
        }
    }

    // 5. Stake

    function invariant_StakeTotalsAddUp() external view {
        uint256 sum;
        for (uint256 i; i < _providers.length; ++i) {
            IProviderRegistry.Stake memory s = registry.stakeOf(_providers[i]);
            sum += uint256(s.staked) + s.unbonding;
        }
        uint256 total = registry.totalStaked();
        assertEq(total, sum, "totalStaked != sum of staked + unbonding");
        assertEq(usdc.balanceOf(address(registry)), total, "registry USDC != totalStaked");
        assertEq(
            store.stakeDeposited() - store.stakeWithdrawn() - store.stakeSlashed(),
            total,
            "totalStaked != ghost deposits - withdrawals - slashes"
        );
        assertEq(store.violation("stake"), "", "stake");
    }

    // 6. Roles

    function invariant_NoUngrantedRoles() external view {
        for (uint256 i; i < _everyone.length; ++i) {
            address a = _everyone[i];
            assertEq(router.hasRole(ADMIN_ROLE, a), a == admin, "router admin role");
            assertEq(router.hasRole(ROUTER_KEY_ROLE, a), a == routerSigner, "router key role");
            assertEq(router.hasRole(ARBITER_ROLE, a), a == arbiter, "arbiter role");
            assertEq(router.hasRole(PAUSER_ROLE, a), a == pauser, "pauser role");
            assertEq(registry.hasRole(ADMIN_ROLE, a), a == admin, "registry admin role");
        }
        uint256 teamCount = store.teamCount();
        assertEq(teams.teamCount(), teamCount, "team count");
        for (uint256 t; t < teamCount; ++t) {
            uint64 teamId = store.teams(t);
            (uint8[] memory roles, bool[] memory allowed) = store.teamGhost(teamId);
            uint256 admins;
            for (uint256 m; m < _members.length; ++m) {
                assertEq(teams.rolesOf(teamId, _members[m]), roles[m], "team roles != last roles set");
                if (roles[m] & TeamRoles.ADMIN != 0) ++admins;
            }
            assertGe(admins, 1, "a team without an Admin");
            assertEq(teams.adminCount(teamId), admins, "adminCount != ghost admins");
            for (uint256 k; k < _keys.length; ++k) {
                assertEq(teams.isProviderAllowed(teamId, _keys[k]), allowed[k], "whitelist != ghost");
            }
        }
        assertEq(store.violation("roles"), "", "roles");
    }

    // 7. Reservations

    function invariant_ReservedGpusMatchLiveJobs() external view {
        (bytes32[] memory ids,) = store.allJobs();
        uint256[] memory live = new uint256[](_listings.length);
        for (uint256 j; j < ids.length; ++j) {
            Job.Record memory r = router.getJob(ids[j]);
            if (!_isLive(r.status)) continue;
            for (uint256 l; l < _listings.length; ++l) {
                if (r.listingId == _listings[l]) live[l] += r.gpus;
            }
        }
        for (uint256 l; l < _listings.length; ++l) {
            Listing.Record memory listing = registry.getListing(_listings[l]);
            assertEq(listing.reservedGpus, live[l], "reservedGpus != GPUs of live jobs");
            assertLe(listing.reservedGpus, listing.gpuCount, "reservedGpus > gpuCount");
        }
        assertEq(store.violation("reserved"), "", "reserved");
    }

    // 8. Untracked privacy

    function invariant_UntrackedJobsStoreNoUser() external view {
        (bytes32[] memory ids, EscrowStore.JobGhost[] memory ghosts) = store.allJobs();
        for (uint256 j; j < ids.length; ++j) {
            EscrowStore.JobGhost memory g = ghosts[j];
            Job.Record memory r = router.getJob(ids[j]);
            assertEq(r.tracked, g.tracked, "tracked flag");
            if (g.tracked) {
                assertEq(g.emittedUser, g.client, "Tracked job emitted another user");
                assertEq(r.client, bytes20(g.client), "Tracked job stores another client");
                continue;
            }
            assertEq(g.emittedUser, address(0), "Untracked job emitted a user");
            // The commitment as IComputeRouter.clientCommitment documents it, computed here independently.
            assertEq(
                r.client,
                bytes20(keccak256(abi.encode(g.client, g.salt))),
                "Untracked job lost its commitment"
            );
            for (uint256 i; i < _everyone.length; ++i) {
                assertNotEq(r.client, bytes20(_everyone[i]), "Untracked job stores an address");
            }
        }
    }

    // Call summary

    /// forge-config: default.invariant.check-interval = 0
    function invariant_CallSummary() external view {
        string[] memory names = store.callNames();
        console.log("successful handler calls in the last run:");
        for (uint256 i; i < names.length; ++i) {
            console.log(string.concat("  ", names[i]), store.successes(keccak256(bytes(names[i]))));
        }
        console.log("jobs:", store.jobCount(), "teams:", store.teamCount());
    }

    // Helpers

    /// @dev Escrow held for the job: not yet paid out.
    function _isLive(Job.Status s) internal pure returns (bool) {
        return s == Job.Status.Funded || s == Job.Status.Started || s == Job.Status.Completed
            || s == Job.Status.Disputed;
    }

    function _isTerminal(Job.Status s, bool escrowed) internal pure returns (bool) {
        return s == Job.Status.Released || s == Job.Status.Refunded || s == Job.Status.Resolved
            || s == Job.Status.Cancelled || (s == Job.Status.Completed && !escrowed);
    }

    function _isAllowed(Job.Status from, Job.Status to, bool escrowed) internal pure returns (bool) {
        if (!escrowed) {
            if (from == Job.Status.Recorded) {
                return to == Job.Status.Started || to == Job.Status.Completed || to == Job.Status.Cancelled;
            }
            return from == Job.Status.Started && (to == Job.Status.Completed || to == Job.Status.Cancelled);
        }
        if (from == Job.Status.Funded) return to == Job.Status.Started || to == Job.Status.Refunded;
        if (from == Job.Status.Started) return to == Job.Status.Completed || to == Job.Status.Disputed;
        if (from == Job.Status.Completed) return to == Job.Status.Released || to == Job.Status.Disputed;
        if (from == Job.Status.Disputed) return to == Job.Status.Resolved || to == Job.Status.Refunded;
        return false;
    }
}
