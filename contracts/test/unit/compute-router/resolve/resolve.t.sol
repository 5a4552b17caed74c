// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IComputeRouter} from "../../../../src/interfaces/IComputeRouter.sol";
import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {Job} from "../../../../src/types/Job.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract Resolve_Unit_Test is RouterTest {
    uint96 internal constant TO_PROVIDER = 30e6;
    uint96 internal constant TO_CLIENT = AMOUNT - TO_PROVIDER;
    uint96 internal constant STAKE = 100e6;
    uint96 internal constant SLASH = 25e6;

    struct Ruling {
        uint96 toProvider;
        uint96 toClient;
        uint96 slashAmount;
        bool atFault;
    }

    /// @dev Resolves the default job and checks every event, balance, credit, stake and counter. The job and
    /// the stake are both in USDC, so one snapshot sees everything.
    function _assertResolve(bytes32 jobId, bool tracked, Ruling memory r, uint96 slashed, uint24 hoursUsed)
        internal
    {
        Balances memory before = _balances(address(usdc));
        IProviderRegistry.Stake memory stakeBefore = registry.stakeOf(provider);
        IProviderRegistry.Reputation memory rep =
            _rep(0, 0, r.atFault ? 1 : 0, 0, 0, uint64(GPUS) * hoursUsed);
        address slashTo = tracked ? client : address(router);

        vm.expectEmit(address(registry));
        emit IProviderRegistry.ReservationChanged(fixedListing, 0);
        vm.expectEmit(address(registry));
        emit IProviderRegistry.ReputationChanged(provider, rep);
        if (slashed != 0) {
            vm.expectEmit(address(registry));
            emit IProviderRegistry.StakeSlashed(provider, slashed, slashTo);
            vm.expectEmit(address(usdc));
            emit IERC20.Transfer(address(registry), slashTo, slashed);
            if (!tracked) {
                vm.expectEmit(address(router));
                emit IComputeRouter.ClientCredited(jobId, address(usdc), slashed);
            }
        }
        vm.expectEmit(address(router));
        emit IComputeRouter.DisputeResolved(jobId, r.toProvider, r.toClient, slashed, r.atFault);
        if (r.toProvider != 0) {
            vm.expectEmit(address(usdc));
            emit IERC20.Transfer(address(router), payout, r.toProvider);
        }
        if (r.toClient != 0) {
            if (tracked) {
                vm.expectEmit(address(usdc));
                emit IERC20.Transfer(address(router), client, r.toClient);
            } else {
                vm.expectEmit(address(router));
                emit IComputeRouter.ClientCredited(jobId, address(usdc), r.toClient);
            }
        }
        vm.prank(arbiter);
        router.resolve(jobId, r.toProvider, r.toClient, r.slashAmount, r.atFault);

        _assertStatus(jobId, Job.Status.Resolved);
        assertEq(_reserved(fixedListing), 0, "reserved");
        _assertReputation(rep);
        int256 toProvider = int256(uint256(r.toProvider));
        int256 toClient = int256(uint256(r.toClient));
        int256 slashedInt = int256(uint256(slashed));
        if (tracked) {
            _assertDeltas(
                address(usdc),
                before,
                toClient + slashedInt,
                toProvider,
                -(toProvider + toClient),
                -slashedInt
            );
            assertEq(router.clientCredit(jobId, address(usdc)), 0, "client credit");
        } else {
            _assertDeltas(address(usdc), before, 0, toProvider, slashedInt - toProvider, -slashedInt);
            assertEq(router.clientCredit(jobId, address(usdc)), r.toClient + slashed, "client credit");
        }
        IProviderRegistry.Stake memory stakeAfter = registry.stakeOf(provider);
        assertEq(
            stakeBefore.staked + stakeBefore.unbonding - slashed, stakeAfter.staked + stakeAfter.unbonding
        );
    }

    function _ruling(uint96 toProvider, uint96 slashAmount, bool atFault)
        internal
        pure
        returns (Ruling memory)
    {
        return Ruling({
            toProvider: toProvider, toClient: AMOUNT - toProvider, slashAmount: slashAmount, atFault: atFault
        });
    }

    function test_RevertWhen_CallerNotArbiter() external {
        bytes32 jobId = _disputedJob(true);
        address[3] memory callers = [stranger, client, admin];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IAccessControl.AccessControlUnauthorizedAccount.selector, callers[i], arbiterRole
                )
            );
            vm.prank(callers[i]);
            router.resolve(jobId, TO_PROVIDER, TO_CLIENT, 0, false);
        }
    }

    modifier whenCallerIsArbiter() {
        _;
    }

    function test_RevertGiven_JobNotFound() external whenCallerIsArbiter {
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_JobNotFound.selector, ROOT));
        vm.prank(arbiter);
        router.resolve(ROOT, TO_PROVIDER, TO_CLIENT, 0, false);
    }

    function test_RevertGiven_NotDisputed() external whenCallerIsArbiter {
        bytes32 jobId = _completedJob(true);
        _expectInvalidStatus(jobId, Job.Status.Completed);
        vm.prank(arbiter);
        router.resolve(jobId, TO_PROVIDER, TO_CLIENT, 0, false);
    }

    modifier givenDisputed() {
        _;
    }

    function test_RevertWhen_SplitBelowEscrow() external whenCallerIsArbiter givenDisputed {
        bytes32 jobId = _disputedJob(true);
        vm.expectRevert(
            abi.encodeWithSelector(
                Errors.ComputeRouter_SplitMismatch.selector, TO_PROVIDER, TO_CLIENT - 1, AMOUNT
            )
        );
        vm.prank(arbiter);
        router.resolve(jobId, TO_PROVIDER, TO_CLIENT - 1, 0, false);
    }

    function test_RevertWhen_SplitAboveEscrow() external whenCallerIsArbiter givenDisputed {
        bytes32 jobId = _disputedJob(true);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ComputeRouter_SplitMismatch.selector, AMOUNT, uint96(1), AMOUNT)
        );
        vm.prank(arbiter);
        router.resolve(jobId, AMOUNT, 1, 0, false);
    }

    modifier whenSplitSumsToEscrow() {
        _;
    }

    function test_WhenNothingSlashed() external whenCallerIsArbiter givenDisputed whenSplitSumsToEscrow {
        _assertResolve(_disputedJob(true), true, _ruling(TO_PROVIDER, 0, false), 0, HOURS_USED);
    }

    function test_WhenProviderAtFault() external whenCallerIsArbiter givenDisputed whenSplitSumsToEscrow {
        _assertResolve(_disputedJob(true), true, _ruling(0, 0, true), 0, HOURS_USED);
    }

    function test_WhenSlashToTrackedClient()
        external
        whenCallerIsArbiter
        givenDisputed
        whenSplitSumsToEscrow
    {
        _stake(STAKE);
        bytes32 jobId = _disputedJob(true);
        _assertResolve(jobId, true, _ruling(0, SLASH, true), SLASH, HOURS_USED);
        assertEq(registry.stakeOf(provider).staked, STAKE - SLASH, "staked");
    }

    function test_WhenSlashAboveStake() external whenCallerIsArbiter givenDisputed whenSplitSumsToEscrow {
        _stake(10e6);
        vm.prank(provider);
        registry.requestUnstake(4e6);
        bytes32 jobId = _disputedJob(true);
        // 6 USDC staked and 4 USDC unbonding: both are slashable, nothing beyond.
        _assertResolve(jobId, true, _ruling(0, SLASH, true), 10e6, HOURS_USED);
        assertEq(registry.stakeOf(provider).staked, 0, "staked");
        assertEq(registry.stakeOf(provider).unbonding, 0, "unbonding");
    }

    function test_WhenNoStakeToSlash() external whenCallerIsArbiter givenDisputed whenSplitSumsToEscrow {
        bytes32 jobId = _disputedJob(false);
        _assertResolve(jobId, false, _ruling(TO_PROVIDER, SLASH, true), 0, HOURS_USED);
    }

    function test_WhenSlashHeldForUntrackedClient()
        external
        whenCallerIsArbiter
        givenDisputed
        whenSplitSumsToEscrow
    {
        _stake(STAKE);
        bytes32 jobId = _disputedJob(false);
        _assertResolve(jobId, false, _ruling(TO_PROVIDER, SLASH, true), SLASH, HOURS_USED);
        assertEq(registry.stakeOf(provider).staked, STAKE - SLASH, "staked");
    }

    function test_WhenUntrackedTokenListing()
        external
        whenCallerIsArbiter
        givenDisputed
        whenSplitSumsToEscrow
    {
        uint96 aktPrice = 5e17;
        uint32 aktListing = _addTokenListing(address(akt), aktPrice, 4);
        akt.mint(client, 1_000e18);
        vm.prank(client);
        akt.approve(address(router), type(uint256).max);
        _stake(STAKE);
        bytes32 jobId = _completedJobOn(aktListing, false);
        _dispute(jobId);
        uint96 amount = aktPrice * GPUS * HOURS;
        uint96 toClient = amount / 4;
        Balances memory aktBefore = _balances(address(akt));
        Balances memory usdcBefore = _balances(address(usdc));

        vm.expectEmit(address(router));
        emit IComputeRouter.ClientCredited(jobId, address(usdc), SLASH);
        vm.expectEmit(address(router));
        emit IComputeRouter.DisputeResolved(jobId, amount - toClient, toClient, SLASH, true);
        vm.expectEmit(address(router));
        emit IComputeRouter.ClientCredited(jobId, address(akt), toClient);
        vm.prank(arbiter);
        router.resolve(jobId, amount - toClient, toClient, SLASH, true);

        assertEq(router.clientCredit(jobId, address(akt)), toClient, "akt credit");
        assertEq(router.clientCredit(jobId, address(usdc)), SLASH, "usdc credit");
        int256 toProvider = int256(uint256(amount - toClient));
        _assertDeltas(address(akt), aktBefore, 0, toProvider, -toProvider, 0);
        int256 slash = int256(uint256(SLASH));
        _assertDeltas(address(usdc), usdcBefore, 0, 0, slash, -slash);
        assertEq(_reserved(aktListing), 0, "reserved");
        _assertReputation(_rep(0, 0, 1, 0, 0, uint64(GPUS) * HOURS_USED));
    }

    function test_WhenOverdueJob() external whenCallerIsArbiter givenDisputed whenSplitSumsToEscrow {
        bytes32 jobId = _startedJob(true);
        vm.warp(router.getJob(jobId).deadline + 1);
        _dispute(jobId);
        _assertResolve(jobId, true, _ruling(0, 0, true), 0, 0);
    }

    function test_WhenArbitrationDeadlinePassed()
        external
        whenCallerIsArbiter
        givenDisputed
        whenSplitSumsToEscrow
    {
        // The refund fallback opens at the deadline, but until someone takes it the arbiter may still rule.
        bytes32 jobId = _disputedJob(true);
        vm.warp(router.getJob(jobId).deadline + 1);
        _assertResolve(jobId, true, _ruling(TO_PROVIDER, 0, false), 0, HOURS_USED);
    }

    function test_WhenPaused() external whenCallerIsArbiter givenDisputed whenSplitSumsToEscrow {
        bytes32 jobId = _disputedJob(true);
        _pause();
        _assertResolve(jobId, true, _ruling(TO_PROVIDER, 0, false), 0, HOURS_USED);
    }
}
