// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IComputeRouter} from "../../../../src/interfaces/IComputeRouter.sol";
import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {Job} from "../../../../src/types/Job.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract Refund_Unit_Test is RouterTest {
    /// @dev Refunds as `stranger` (anyone may) and checks every event, balance, credit and counter.
    function _assertRefund(bytes32 jobId, bool tracked, bool noShow) internal {
        Balances memory before = _balances(address(usdc));
        IProviderRegistry.Reputation memory rep = _rep(0, noShow ? 1 : 0, 0, 0, 0, 0);

        vm.expectEmit(address(registry));
        emit IProviderRegistry.ReservationChanged(fixedListing, 0);
        vm.expectEmit(address(registry));
        emit IProviderRegistry.ReputationChanged(provider, rep);
        vm.expectEmit(address(router));
        emit IComputeRouter.JobRefunded(jobId, AMOUNT, noShow);
        if (tracked) {
            vm.expectEmit(address(usdc));
            emit IERC20.Transfer(address(router), client, AMOUNT);
        } else {
            vm.expectEmit(address(router));
            emit IComputeRouter.ClientCredited(jobId, address(usdc), AMOUNT);
        }
        vm.prank(stranger);
        router.refund(jobId);

        _assertStatus(jobId, Job.Status.Refunded);
        assertEq(_reserved(fixedListing), 0, "reserved");
        _assertReputation(rep);
        int256 dClient = tracked ? int256(uint256(AMOUNT)) : int256(0);
        _assertDeltas(address(usdc), before, dClient, 0, -dClient, 0);
        assertEq(router.clientCredit(jobId, address(usdc)), tracked ? 0 : AMOUNT, "client credit");
        assertEq(router.owed(address(usdc), client), 0, "client owed");
    }

    function test_RevertGiven_JobNotFound() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_JobNotFound.selector, ROOT));
        router.refund(ROOT);
    }

    modifier givenJobExists() {
        _;
    }

    function test_RevertGiven_Started() external givenJobExists {
        bytes32 jobId = _startedJob(true);
        vm.warp(block.timestamp + 30 days);
        _expectInvalidStatus(jobId, Job.Status.Started);
        router.refund(jobId);
    }

    function test_RevertGiven_Completed() external givenJobExists {
        bytes32 jobId = _completedJob(true);
        vm.warp(block.timestamp + 30 days);
        _expectInvalidStatus(jobId, Job.Status.Completed);
        router.refund(jobId);
    }

    function test_RevertGiven_ExternalJob() external givenJobExists {
        bytes32 jobId = _recordedJob(true);
        vm.warp(block.timestamp + 30 days);
        _expectInvalidStatus(jobId, Job.Status.Recorded);
        router.refund(jobId);
    }

    modifier givenFunded() {
        _;
    }

    function test_RevertWhen_StartDeadlineNotPassed() external givenJobExists givenFunded {
        bytes32 jobId = _fundedJob(true);
        uint40 deadline = uint40(block.timestamp) + startWindow;
        vm.warp(block.timestamp + 1 hours);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ComputeRouter_DeadlineNotReached.selector, jobId, deadline)
        );
        router.refund(jobId);
    }

    function test_RevertWhen_AtStartDeadline() external givenJobExists givenFunded {
        bytes32 jobId = _fundedJob(true);
        uint40 deadline = uint40(block.timestamp) + startWindow;
        vm.warp(deadline);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ComputeRouter_DeadlineNotReached.selector, jobId, deadline)
        );
        router.refund(jobId);
    }

    modifier whenStartDeadlinePassed() {
        _;
    }

    function test_WhenNoShow() external givenJobExists givenFunded whenStartDeadlinePassed {
        bytes32 jobId = _fundedJob(true);
        vm.warp(block.timestamp + startWindow + 1);
        _assertRefund(jobId, true, true);
    }

    function test_WhenNoShowUntracked() external givenJobExists givenFunded whenStartDeadlinePassed {
        bytes32 jobId = _fundedJob(false);
        vm.warp(block.timestamp + startWindow + 1);
        _assertRefund(jobId, false, true);
    }

    function test_WhenPaused() external givenJobExists givenFunded whenStartDeadlinePassed {
        bytes32 jobId = _fundedJob(true);
        _pause();
        vm.warp(block.timestamp + startWindow + 1);
        _assertRefund(jobId, true, true);
    }

    modifier givenDisputed() {
        _;
    }

    function test_RevertWhen_ArbitrationDeadlineNotPassed() external givenJobExists givenDisputed {
        bytes32 jobId = _disputedJob(true);
        uint40 deadline = uint40(block.timestamp) + arbitrationPeriod;
        vm.warp(deadline);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.ComputeRouter_DeadlineNotReached.selector, jobId, deadline)
        );
        router.refund(jobId);
    }

    modifier whenArbitrationDeadlinePassed() {
        _;
    }

    function test_WhenArbiterMissedDeadline()
        external
        givenJobExists
        givenDisputed
        whenArbitrationDeadlinePassed
    {
        bytes32 jobId = _disputedJob(true);
        vm.warp(block.timestamp + arbitrationPeriod + 1);
        _assertRefund(jobId, true, false);
    }

    function test_WhenArbiterMissedDeadlineUntracked()
        external
        givenJobExists
        givenDisputed
        whenArbitrationDeadlinePassed
    {
        bytes32 jobId = _disputedJob(false);
        vm.warp(block.timestamp + arbitrationPeriod + 1);
        _assertRefund(jobId, false, false);
    }

    function test_WhenDisputedOverdueJob()
        external
        givenJobExists
        givenDisputed
        whenArbitrationDeadlinePassed
    {
        // Started but never completed: the client disputes after end-by, and the arbiter stays silent.
        bytes32 jobId = _startedJob(true);
        vm.warp(router.getJob(jobId).deadline + 1);
        _dispute(jobId);
        vm.warp(block.timestamp + arbitrationPeriod + 1);
        _assertRefund(jobId, true, false);
    }
}
