// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IComputeRouter} from "../../../../src/interfaces/IComputeRouter.sol";
import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {Job} from "../../../../src/types/Job.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract Rate_Unit_Test is RouterTest {
    function _rate(bytes32 jobId, uint8 stars) internal {
        vm.prank(client);
        router.rate(jobId, SALT, stars);
    }

    /// @dev `base` is the reputation before rating: the job's own outcome is already counted.
    function _assertRates(bytes32 jobId, uint8 stars, IProviderRegistry.Reputation memory base) internal {
        Balances memory before = _balances(address(usdc));
        IProviderRegistry.Reputation memory rep = base;
        rep.ratingCount += 1;
        rep.ratingSum += stars;
        vm.expectEmit(address(registry));
        emit IProviderRegistry.ReputationChanged(provider, rep);
        vm.expectEmit(address(router));
        emit IComputeRouter.JobRated(jobId, provider, stars);
        _rate(jobId, stars);

        assertTrue(router.getJob(jobId).rated, "record.rated");
        _assertReputation(rep);
        _assertNoMoneyMoved(before);
    }

    function test_RevertGiven_JobNotFound() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_JobNotFound.selector, ROOT));
        _rate(ROOT, 5);
    }

    modifier givenJobExists() {
        _;
    }

    function test_RevertWhen_CallerNotClient() external givenJobExists {
        bytes32 jobId = _releasedJob(true);
        _expectNotClient(jobId, provider);
        vm.prank(provider);
        router.rate(jobId, SALT, 5);
    }

    function test_RevertWhen_UntrackedWrongSalt() external givenJobExists {
        bytes32 jobId = _releasedJob(false);
        _expectNotClient(jobId, client);
        vm.prank(client);
        router.rate(jobId, WRONG_SALT, 5);
    }

    modifier whenCallerIsClient() {
        _;
    }

    function test_RevertGiven_NotFinished() external givenJobExists whenCallerIsClient {
        bytes32 jobId = _completedJob(true);
        _expectInvalidStatus(jobId, Job.Status.Completed);
        _rate(jobId, 5);
    }

    function test_RevertGiven_Refunded() external givenJobExists whenCallerIsClient {
        bytes32 jobId = _refundedJob(true);
        _expectInvalidStatus(jobId, Job.Status.Refunded);
        _rate(jobId, 1);
    }

    function test_RevertGiven_ExternalJob() external givenJobExists whenCallerIsClient {
        bytes32 jobId = _recordedJob(true);
        _updateExternal(jobId, Job.Status.Completed);
        _expectInvalidStatus(jobId, Job.Status.Completed);
        _rate(jobId, 5);
    }

    modifier givenFinished() {
        _;
    }

    function test_RevertWhen_ZeroStars() external givenJobExists whenCallerIsClient givenFinished {
        bytes32 jobId = _releasedJob(true);
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_InvalidRating.selector, uint8(0)));
        _rate(jobId, 0);
    }

    function test_RevertWhen_StarsAboveFive() external givenJobExists whenCallerIsClient givenFinished {
        bytes32 jobId = _releasedJob(true);
        vm.expectRevert(abi.encodeWithSelector(Errors.ProviderRegistry_InvalidRating.selector, uint8(6)));
        _rate(jobId, 6);
    }

    modifier whenStarsValid() {
        _;
    }

    function test_RevertGiven_AlreadyRated()
        external
        givenJobExists
        whenCallerIsClient
        givenFinished
        whenStarsValid
    {
        bytes32 jobId = _releasedJob(true);
        _rate(jobId, 4);
        vm.expectRevert(abi.encodeWithSelector(Errors.ComputeRouter_AlreadyRated.selector, jobId));
        _rate(jobId, 5);
        _assertReputation(_rep(1, 0, 0, 1, 4, uint64(GPUS) * HOURS_USED));
    }

    modifier givenNotRated() {
        _;
    }

    function test_WhenReleased()
        external
        givenJobExists
        whenCallerIsClient
        givenFinished
        whenStarsValid
        givenNotRated
    {
        bytes32 jobId = _releasedJob(true);
        _assertRates(jobId, 4, _rep(1, 0, 0, 0, 0, uint64(GPUS) * HOURS_USED));
    }

    function test_WhenResolved()
        external
        givenJobExists
        whenCallerIsClient
        givenFinished
        whenStarsValid
        givenNotRated
    {
        bytes32 jobId = _resolvedJob(true);
        _assertRates(jobId, 1, _rep(0, 0, 0, 0, 0, uint64(GPUS) * HOURS_USED));
    }

    function test_WhenUntracked()
        external
        givenJobExists
        whenCallerIsClient
        givenFinished
        whenStarsValid
        givenNotRated
    {
        bytes32 jobId = _releasedJob(false);
        _assertRates(jobId, 5, _rep(1, 0, 0, 0, 0, uint64(GPUS) * HOURS_USED));
    }
}
